package s3ish.erasure;

/**
 * Arithmetic in GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) and generator 2, the field most
 * Reed-Solomon storage codes use. Addition is XOR; multiplication goes through a full 256 x 256 table so the
 * coding loops do one lookup per byte.
 */
final class GaloisField {
  private GaloisField() {}

  private static final int POLYNOMIAL = 0x11d;
  private static final int[] LOG = new int[256];
  private static final int[] EXP = new int[512];
  /** {@code MUL[a << 8 | b] == a * b}: one row of 256 bytes per left operand. */
  static final byte[] MUL = new byte[256 * 256];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = x;
      LOG[x] = i;
      x <<= 1;
      if (x >= 256) {
        x ^= POLYNOMIAL;
      }
    }
    for (int i = 255; i < EXP.length; i++) {
      EXP[i] = EXP[i - 255];
    }
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        MUL[a << 8 | b] = (byte) (a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]]);
      }
    }
  }

  static int multiply(int a, int b) {
    return MUL[(a & 0xff) << 8 | (b & 0xff)] & 0xff;
  }

  static int inverse(int a) {
    if (a == 0) {
      throw new ArithmeticException("0 has no inverse in GF(2^8)");
    }
    return EXP[255 - LOG[a]];
  }

  /**
   * Inverts a square matrix by Gauss-Jordan elimination.
   *
   * @throws ArithmeticException if the matrix is singular
   */
  static byte[][] invert(byte[][] matrix) {
    int n = matrix.length;
    int[][] work = new int[n][2 * n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        work[r][c] = matrix[r][c] & 0xff;
      }
      work[r][n + r] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      while (pivot < n && work[pivot][col] == 0) {
        pivot++;
      }
      if (pivot == n) {
        throw new ArithmeticException("singular matrix");
      }
      int[] swap = work[col];
      work[col] = work[pivot];
      work[pivot] = swap;
      int scale = inverse(work[col][col]);
      for (int c = 0; c < 2 * n; c++) {
        work[col][c] = multiply(work[col][c], scale);
      }
      for (int r = 0; r < n; r++) {
        int factor = work[r][col];
        if (r != col && factor != 0) {
          for (int c = 0; c < 2 * n; c++) {
            work[r][c] ^= multiply(factor, work[col][c]);
          }
        }
      }
    }
    byte[][] inverse = new byte[n][n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        inverse[r][c] = (byte) work[r][n + c];
      }
    }
    return inverse;
  }
}
