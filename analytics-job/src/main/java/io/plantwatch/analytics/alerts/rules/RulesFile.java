package io.plantwatch.analytics.alerts.rules;

import io.plantwatch.analytics.config.Values;
import io.plantwatch.analytics.windows.WindowSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and checks a rules file (schema in the analytics-job README, section Alerting). The YAML is
 * composed into SnakeYAML's node tree rather than bound to classes, so that every problem names the
 * line it is on and the field, and all problems are reported at once.
 */
public final class RulesFile {
  /** The example rule set shipped in the jar; used when no rules file is given. */
  public static final String EXAMPLE_RESOURCE = "/alerts/example-rules.yaml";

  private static final Set<String> TOP = Set.of("version", "rules");
  private static final Set<String> COMMON =
      Set.of(
          "name",
          "type",
          "metric",
          "window",
          "statistic",
          "for",
          "min_count",
          "severity",
          "select",
          "description",
          "source");
  private static final Set<String> THRESHOLD = Set.of("operator", "threshold", "clear");
  private static final Set<String> TREND = Set.of("points", "direction", "limit", "horizon");
  private static final Set<String> PREDICTED_LIFE =
      Set.of(
          "name",
          "type",
          "field",
          "below",
          "clear_above",
          "for",
          "hours_per_cycle",
          "severity",
          "select",
          "description",
          "source");
  private static final Set<String> SELECT = Set.of("site", "line", "machine");

  private final String source;
  private final List<String> problems = new ArrayList<>();

  private RulesFile(String source) {
    this.source = source;
  }

  public static RuleSet load(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file.toString(), in);
    }
  }

  public static RuleSet example() {
    try (InputStream in = RulesFile.class.getResourceAsStream(EXAMPLE_RESOURCE)) {
      return parse(
          "example-rules.yaml",
          new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new IllegalStateException("example rules missing from the jar", e);
    }
  }

  public static RuleSet parse(String source, String yaml) {
    return parse(source, new StringReader(yaml));
  }

  static RuleSet parse(String source, Reader in) {
    RulesFile file = new RulesFile(source);
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(options).compose(in);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new RulesFileException(
          source, List.of("line " + line + ": not valid YAML: " + e.getProblem()));
    } catch (RuntimeException e) {
      throw new RulesFileException(source, List.of("not valid YAML: " + e.getMessage()));
    }
    RuleSet rules = file.ruleSet(root);
    if (!file.problems.isEmpty()) {
      throw new RulesFileException(source, file.problems);
    }
    return rules;
  }

  private RuleSet ruleSet(Node root) {
    if (!(root instanceof MappingNode map)) {
      problem(root, "(top)", "must be a mapping with 'version' and 'rules'");
      return new RuleSet(List.of());
    }
    Map<String, Node> top = fields(map, "(top)", TOP);
    Node version = top.get("version");
    if (version == null) {
      problem(root, "version", "is required (1)");
    } else if (!"1".equals(scalar(version, "version"))) {
      problem(version, "version", "must be 1");
    }
    Node list = top.get("rules");
    if (!(list instanceof SequenceNode seq)) {
      problem(list == null ? root : list, "rules", "must be a list of rules");
      return new RuleSet(List.of());
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      String path = "rules[" + i + "]";
      if (!(item instanceof MappingNode ruleMap)) {
        problem(item, path, "must be a mapping");
        continue;
      }
      int before = problems.size();
      Rule rule = rule(ruleMap, path);
      if (rule != null && problems.size() == before) {
        if (!names.add(rule.name())) {
          problem(ruleMap, path + ".name", "'" + rule.name() + "' is used by an earlier rule");
        }
        rules.add(rule);
      }
    }
    return new RuleSet(rules);
  }

  private Rule rule(MappingNode node, String path) {
    Map<String, Node> f = fields(node, path, null);
    String type = requiredText(node, f, path, "type");
    Set<String> allowed = new HashSet<>(COMMON);
    if ("threshold".equals(type)) {
      allowed.addAll(THRESHOLD);
    } else if ("trend".equals(type)) {
      allowed.addAll(TREND);
    } else if ("predicted_life".equals(type)) {
      allowed = PREDICTED_LIFE;
    } else if (type != null) {
      problem(
          f.get("type"),
          path + ".type",
          "'" + type + "' is not threshold, trend or predicted_life");
      return null;
    }
    for (Map.Entry<String, Node> e : f.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        problem(
            e.getValue(),
            path + "." + e.getKey(),
            "unknown field for a "
                + type
                + " rule (allowed: "
                + String.join(", ", sorted(allowed))
                + ")");
      }
    }
    String name = requiredText(node, f, path, "name");
    path = name == null ? path : path + " (" + name + ")";
    if ("predicted_life".equals(type)) {
      return predictedLife(node, f, path, name);
    }
    String metric = requiredText(node, f, path, "metric");
    String window = window(node, f, path);
    Statistic statistic = enumValue(f, path, "statistic", Statistic.class, Statistic.AVG);
    int forWindows = (int) integer(f, path, "for", 1, 1);
    long minCount = integer(f, path, "min_count", 1, 1);
    Severity severity = severity(node, f, path);
    Selector selector = selector(f.get("select"), path + ".select");
    String doc = doc(f, path);
    if ("trend".equals(type)) {
      int points = (int) integer(f, path, "points", 3, -1);
      if (!f.containsKey("points")) {
        problem(node, path + ".points", "is required (windows fitted, at least 3)");
      }
      String direction = requiredText(node, f, path, "direction");
      if (direction != null && !direction.equals("rising") && !direction.equals("falling")) {
        problem(f.get("direction"), path + ".direction", "must be rising or falling");
      }
      Double limit = requiredNumber(node, f, path, "limit");
      Duration horizon = duration(node, f, path, "horizon");
      if (limit == null || horizon == null) {
        return null;
      }
      return new TrendRule(
          name,
          metric,
          window,
          statistic,
          points,
          "rising".equals(direction),
          limit,
          horizon,
          forWindows,
          minCount,
          severity,
          selector,
          doc);
    }
    Operator operator = null;
    String op = requiredText(node, f, path, "operator");
    if (op != null) {
      try {
        operator = Operator.parse(op);
      } catch (IllegalArgumentException e) {
        problem(f.get("operator"), path + ".operator", e.getMessage());
      }
    }
    Double threshold = requiredNumber(node, f, path, "threshold");
    Double clear = f.containsKey("clear") ? number(f.get("clear"), path + ".clear") : threshold;
    if (operator == null || threshold == null || clear == null) {
      return null;
    }
    if (operator.rising() ? clear > threshold : clear < threshold) {
      problem(
          f.get("clear"),
          path + ".clear",
          "must be on the safe side of the threshold ("
              + (operator.rising() ? "<= " : ">= ")
              + threshold
              + ") for operator "
              + operator.symbol());
    }
    return new ThresholdRule(
        name,
        metric,
        window,
        statistic,
        operator,
        threshold,
        clear,
        forWindows,
        minCount,
        severity,
        selector,
        doc);
  }

  private Rule predictedLife(MappingNode node, Map<String, Node> f, String path, String name) {
    String field = optionalText(f, path, "field", "rul_high");
    if (!PredictedLifeRule.FIELDS.contains(field)) {
      problem(f.get("field"), path + ".field", "must be rul_high or rul_cycles");
    }
    // No below: the limit comes from the model's band when the job loads it.
    Double below = f.containsKey("below") ? number(f.get("below"), path + ".below") : Double.NaN;
    Double clearAbove =
        f.containsKey("clear_above") ? number(f.get("clear_above"), path + ".clear_above") : below;
    if (below != null && clearAbove != null && clearAbove < below) {
      problem(f.get("clear_above"), path + ".clear_above", "must be >= below (" + below + ")");
    }
    double hours =
        f.containsKey("hours_per_cycle")
            ? java.util.Objects.requireNonNullElse(
                number(f.get("hours_per_cycle"), path + ".hours_per_cycle"), 0.0)
            : 0.0;
    if (hours < 0) {
      problem(f.get("hours_per_cycle"), path + ".hours_per_cycle", "must be >= 0");
    }
    int forWindows = (int) integer(f, path, "for", 1, 1);
    Severity severity = severity(node, f, path);
    Selector selector = selector(f.get("select"), path + ".select");
    String doc = doc(f, path);
    if (below == null || clearAbove == null) {
      return null;
    }
    return new PredictedLifeRule(
        name, field, below, clearAbove, forWindows, hours, severity, selector, doc);
  }

  private Severity severity(Node node, Map<String, Node> f, String path) {
    Severity severity = enumValue(f, path, "severity", Severity.class, null);
    if (severity == null && !f.containsKey("severity")) {
      problem(node, path + ".severity", "is required (info, warning, critical)");
    }
    return severity;
  }

  /** The mail's text about the rule: its description, then its source. */
  private String doc(Map<String, Node> f, String path) {
    String description = optionalText(f, path, "description", "");
    String sourceText = optionalText(f, path, "source", "");
    return sourceText.isEmpty() ? description : description + " Source: " + sourceText;
  }

  private String window(Node node, Map<String, Node> f, String path) {
    String text = requiredText(node, f, path, "window");
    if (text == null) {
      return null;
    }
    try {
      return WindowSpec.parse(text).label();
    } catch (IllegalArgumentException e) {
      problem(f.get("window"), path + ".window", e.getMessage());
      return null;
    }
  }

  private Duration duration(Node node, Map<String, Node> f, String path, String key) {
    String text = requiredText(node, f, path, key);
    if (text == null) {
      return null;
    }
    try {
      return Values.positiveDuration(text);
    } catch (IllegalArgumentException e) {
      problem(f.get(key), path + "." + key, e.getMessage());
      return null;
    }
  }

  private Selector selector(Node node, String path) {
    if (node == null) {
      return Selector.ALL;
    }
    if (!(node instanceof MappingNode map)) {
      problem(node, path, "must be a mapping of site, line, machine globs");
      return Selector.ALL;
    }
    Map<String, Node> f = fields(map, path, SELECT);
    return new Selector(
        optionalText(f, path, "site", null),
        optionalText(f, path, "line", null),
        optionalText(f, path, "machine", null));
  }

  private <E extends Enum<E>> E enumValue(
      Map<String, Node> f, String path, String key, Class<E> type, E fallback) {
    Node n = f.get(key);
    if (n == null) {
      return fallback;
    }
    String text = scalar(n, path + "." + key);
    if (text == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      problem(n, path + "." + key, "'" + text + "' is not one of " + String.join(", ", names));
      return fallback;
    }
  }

  private long integer(Map<String, Node> f, String path, String key, long min, long fallback) {
    Node n = f.get(key);
    if (n == null) {
      return fallback;
    }
    String text = scalar(n, path + "." + key);
    try {
      long v = Long.parseLong(text == null ? "" : text.strip());
      if (v < min) {
        problem(n, path + "." + key, "must be at least " + min + ", got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      problem(n, path + "." + key, "must be a whole number, got '" + text + "'");
      return fallback;
    }
  }

  private Double requiredNumber(Node node, Map<String, Node> f, String path, String key) {
    if (!f.containsKey(key)) {
      problem(node, path + "." + key, "is required (a number)");
      return null;
    }
    return number(f.get(key), path + "." + key);
  }

  private Double number(Node n, String path) {
    String text = scalar(n, path);
    try {
      double v = Double.parseDouble(text == null ? "" : text.strip());
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      problem(n, path, "must be a finite number, got '" + text + "'");
      return null;
    }
  }

  private String requiredText(Node node, Map<String, Node> f, String path, String key) {
    Node n = f.get(key);
    if (n == null) {
      problem(node, path + "." + key, "is required");
      return null;
    }
    String text = scalar(n, path + "." + key);
    if (text != null && text.isBlank()) {
      problem(n, path + "." + key, "must not be empty");
      return null;
    }
    return text;
  }

  private String optionalText(Map<String, Node> f, String path, String key, String fallback) {
    Node n = f.get(key);
    return n == null ? fallback : scalar(n, path + "." + key);
  }

  private String scalar(Node n, String path) {
    if (n instanceof ScalarNode s) {
      return s.getValue();
    }
    problem(n, path, "must be a single value, not a list or mapping");
    return null;
  }

  /** The keys of a mapping; unknown keys are problems when {@code allowed} is given. */
  private Map<String, Node> fields(MappingNode map, String path, Set<String> allowed) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      String key = scalar(t.getKeyNode(), path);
      if (key == null) {
        continue;
      }
      String where = "(top)".equals(path) ? key : path + "." + key;
      if (allowed != null && !allowed.contains(key)) {
        problem(
            t.getKeyNode(),
            where,
            "unknown field (allowed: " + String.join(", ", sorted(allowed)) + ")");
        continue;
      }
      out.put(key, t.getValueNode());
    }
    return out;
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }

  private void problem(Node at, String field, String message) {
    problems.add("line " + (at.getStartMark().getLine() + 1) + ": " + field + ": " + message);
  }
}
