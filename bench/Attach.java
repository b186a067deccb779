import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM: {@code java bench/Attach.java PID LIBRARY OPTIONS}. bench/cpu-per-op.sh
 * uses it to start and stop async-profiler around its measured window, so the profile holds only warm code.
 */
public class Attach {
  public static void main(String[] args) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    try {
      vm.loadAgentPath(args[1], args[2]);
    } finally {
      vm.detach();
    }
  }
}
