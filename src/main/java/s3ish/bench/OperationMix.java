package s3ish.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/** Operations with integer weights, e.g. {@code get=70,put=30}; each draw picks one in proportion. */
record OperationMix(Map<Operation, Integer> weights) {
  OperationMix {
    weights = new EnumMap<>(weights);
  }

  static OperationMix of(Operation only) {
    return new OperationMix(Map.of(only, 1));
  }

  /** {@code op=weight[,op=weight...]} with positive integer weights and no operation twice. */
  static OperationMix parse(String text) {
    Map<Operation, Integer> weights = new EnumMap<>(Operation.class);
    for (String part : text.split(",")) {
      String[] nameAndWeight = part.split("=", 2);
      if (nameAndWeight.length != 2) {
        throw new IllegalArgumentException("expected op=weight, got '" + part + "'");
      }
      Operation op = Operation.parse(nameAndWeight[0]);
      int weight;
      try {
        weight = Integer.parseInt(nameAndWeight[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("weight of " + op.label() + " is not an integer: '" + nameAndWeight[1] + "'");
      }
      if (weight <= 0) {
        throw new IllegalArgumentException("weight of " + op.label() + " must be positive, got " + weight);
      }
      if (weights.put(op, weight) != null) {
        throw new IllegalArgumentException(op.label() + " is named twice");
      }
    }
    return new OperationMix(weights);
  }

  boolean readsObjects() {
    return weights.keySet().stream().anyMatch(op -> op.readsObjects);
  }

  List<Operation> operations() {
    return new ArrayList<>(weights.keySet());
  }

  Operation next(UniformRandomProvider random) {
    if (weights.size() == 1) {
      return weights.keySet().iterator().next();
    }
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    int draw = random.nextInt(total);
    for (Map.Entry<Operation, Integer> e : weights.entrySet()) {
      draw -= e.getValue();
      if (draw < 0) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("unreachable: draw beyond the total weight");
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    weights.forEach((op, w) -> out.append(out.length() > 0 ? "," : "").append(op.label()).append('=').append(w));
    return out.toString();
  }
}
