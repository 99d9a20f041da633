package io.plantwatch.training.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantwatch.analytics.alerts.rules.RuleSet;
import io.plantwatch.analytics.alerts.rules.RulesFile;
import io.plantwatch.analytics.alerts.rules.RulesFileException;
import io.plantwatch.analytics.health.HealthModel;
import io.plantwatch.analytics.health.ModelLoadException;
import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.telemetry.CmapssFile;
import io.plantwatch.training.alerts.AlertEvaluation.Report;
import io.plantwatch.training.alerts.AlertEvaluation.UnitResult;
import io.plantwatch.training.rul.BatchSpark;
import io.plantwatch.training.rul.CmapssData;
import io.plantwatch.training.rul.ProtocolOptions;
import io.plantwatch.training.rul.ProtocolRecord;
import io.plantwatch.training.rul.Recipe;
import io.plantwatch.training.rul.ValidationProtocol;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plantwatch evaluate alerts}: lead times and false alarms of a rule set on C-MAPSS. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    usageHelpWidth = 100,
    description = {
      "Replays C-MAPSS run-to-failure trajectories through the alert rules (the code the job runs)"
          + " and prints per unit the first FIRING cycle and the true remaining life then.",
      "A training unit fails at its last cycle; a test unit at its last cycle plus its true RUL."
          + " False alarm: an alert while more than 125 cycles were left. Missed: no alert though"
          + " the unit fails in the data or has 30 cycles or fewer left at its last cycle."
    },
    footer = {
      "",
      "Example:",
      "  bin/plantwatch evaluate alerts --train testdata/cmapss/train_FD001.txt --json"
    })
public final class EvaluateAlertsCommand implements Callable<Integer> {
  static final class Data {
    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training file.")
    Path train;

    @ArgGroup(exclusive = false)
    Test test;
  }

  static final class Test {
    @Option(names = "--test", required = true, paramLabel = "FILE", description = "Test file.")
    Path test;

    @Option(
        names = "--rul",
        required = true,
        paramLabel = "FILE",
        description = "True RUL at each test unit's last cycle.")
    Path rul;
  }

  @ArgGroup(multiplicity = "1")
  Data data;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description = "Rules file (default: the shipped example rule set).")
  Path rules;

  @Option(names = "--json", description = "One JSON object instead of tables.")
  boolean json;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Health model (bin/plantwatch model train): scores every cycle of every unit for the"
              + " predicted_life rules. Without it those rules stay silent.")
  Path model;

  @Option(
      names = "--units",
      paramLabel = "RANGE",
      description =
          "Only these units, e.g. 86-100: with --model, units the model was trained without"
              + " (model train --units 1-85), so no unit it was fitted on is judged.")
  String units;

  @Option(
      names = "--protocol",
      description =
          "With --model and --train: the validation protocol's truncations instead of whole lives."
              + " The model's recipe is fitted again on each fold; every imitation test split's"
              + " units, observed up to their truncation, are replayed with the out-of-fold model"
              + " of their fold. Prints the totals over all truncations and each false alarm or"
              + " missed truncation.")
  boolean protocol;

  @Mixin ProtocolOptions protocolOptions;

  @Option(
      names = "--cycle-ms",
      defaultValue = "60000",
      paramLabel = "MS",
      description =
          "Event time of one cycle, as gateway replay's --cycle-ms (default: ${DEFAULT-VALUE}).")
  long cycleMillis;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RuleSet ruleSet;
    try {
      ruleSet = rules == null ? RulesFile.example() : RulesFile.load(rules);
    } catch (RulesFileException e) {
      spec.commandLine()
          .getErr()
          .println("plantwatch evaluate alerts: bad rules file " + e.getMessage());
      return 2;
    }
    // Read once: the rules and, with --model, the health model see the same trajectories.
    TreeMap<Integer, CmapssData.Trajectory> file =
        CmapssData.read(data.test == null ? data.train : data.test.test);
    List<CmapssUnits.Trajectory> trajectories = CmapssUnits.of(file);
    Map<Integer, Integer> rulAtEnd = new HashMap<>();
    if (data.test != null) {
      List<Integer> rul = CmapssFile.readRul(data.test.rul);
      if (rul.size() != trajectories.size()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            data.test.rul + " has " + rul.size() + " values for " + trajectories.size() + " units");
      }
      for (int i = 0; i < trajectories.size(); i++) {
        rulAtEnd.put(trajectories.get(i).unit(), rul.get(i));
      }
    }
    if (units != null) {
      io.plantwatch.training.rul.UnitRange range =
          io.plantwatch.training.rul.UnitRange.parse(units);
      trajectories = trajectories.stream().filter(t -> range.contains(t.unit())).toList();
    }
    if (protocol) {
      return protocol(ruleSet, file, trajectories);
    }
    Map<Integer, List<AlertEvaluation.HealthScore>> health = Map.of();
    if (model != null) {
      try {
        ruleSet = ruleSet.withBand(HealthModel.checkedManifest(model)::halfWidthAt);
        health = HealthReplay.score(model, file, trajectories);
      } catch (io.plantwatch.analytics.health.ModelLoadException e) {
        spec.commandLine().getErr().println("plantwatch evaluate alerts: " + e.getMessage());
        return 2;
      }
    }
    Report report = new AlertEvaluation(ruleSet, cycleMillis).run(trajectories, rulAtEnd, health);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? json(report) + "\n" : table(report));
    out.flush();
    return 0;
  }

  /** {@code --protocol}: the rules over the validation protocol's truncations. */
  private int protocol(
      RuleSet ruleSet,
      TreeMap<Integer, CmapssData.Trajectory> file,
      List<CmapssUnits.Trajectory> trajectories)
      throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (model == null || data.test != null || units != null) {
      err.println(
          "plantwatch evaluate alerts: --protocol needs --model and --train, and takes every unit");
      return 2;
    }
    ModelManifest m;
    try {
      m = HealthModel.checkedManifest(model);
    } catch (ModelLoadException e) {
      err.println("plantwatch evaluate alerts: " + e.getMessage());
      return 2;
    }
    ValidationProtocol.Result result =
        ProtocolRecord.of(
            BatchSpark.session("plantwatch-evaluate-alerts"),
            model,
            data.train,
            file,
            Recipe.of(m),
            protocolOptions.settings(),
            m.coverage(),
            null);
    Report report = ProtocolAlerts.replay(ruleSet, cycleMillis, result, trajectories);
    Report problems =
        new Report(report.units().stream().filter(u -> u.falseAlarm() || u.missed()).toList());
    long near =
        report.units().stream().filter(u -> u.rulAtEnd() <= AlertEvaluation.MISSED_RUL).count();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = (ObjectNode) new ObjectMapper().readTree(json(problems));
      root.put("truncations", report.units().size());
      root.put("truncations_within_" + AlertEvaluation.MISSED_RUL, near);
      root.put("alerted", report.alerted());
      root.put("false_alarms", report.falseAlarms());
      root.put("missed", report.missed());
      root.put("median_rul_at_first_alert", report.medianRulAtFirstAlert());
      root.put("min_rul_at_first_alert", report.minRulAtFirstAlert());
      root.remove("units");
      out.println(new ObjectMapper().writeValueAsString(root));
    } else {
      out.print(table(problems).replaceAll("(?m)^units .*\\R", ""));
      out.printf(
          Locale.ROOT,
          "truncations %d (%d with %d cycles or fewer left)  alerted %d"
              + "  median_rul_at_first_alert %s  min_rul_at_first_alert %s  false_alarms %d"
              + "  missed %d%n",
          report.units().size(),
          near,
          AlertEvaluation.MISSED_RUL,
          report.alerted(),
          report.medianRulAtFirstAlert(),
          report.minRulAtFirstAlert(),
          report.falseAlarms(),
          report.missed());
    }
    out.flush();
    return 0;
  }

  static String table(Report r) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%5s %7s %9s %12s %14s %5s  %s%n",
            "unit",
            "cycles",
            "rul_end",
            "first_alert",
            "rul_at_alert",
            "false",
            "rule"));
    for (UnitResult u : r.units()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%5d %7d %9d %12s %14s %5s  %s%n",
              u.unit(),
              u.cycles(),
              u.rulAtEnd(),
              u.alerted() ? u.firstAlertCycle() : "-",
              u.alerted() ? u.rulAtFirstAlert() : "-",
              u.falseAlarm() ? "yes" : "no",
              u.alerted() ? u.firstRule() : (u.missed() ? "MISSED" : "-")));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "units %d  alerted %d  median_rul_at_first_alert %s  min_rul_at_first_alert %s"
                + "  false_alarms %d  missed %d%n",
            r.units().size(),
            r.alerted(),
            r.medianRulAtFirstAlert(),
            r.minRulAtFirstAlert(),
            r.falseAlarms(),
            r.missed()));
    return s.toString();
  }

  static String json(Report r) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("units", r.units().size());
    root.put("alerted", r.alerted());
    root.put("median_rul_at_first_alert", r.medianRulAtFirstAlert());
    root.put("min_rul_at_first_alert", r.minRulAtFirstAlert());
    root.put("false_alarms", r.falseAlarms());
    root.put("missed", r.missed());
    ArrayNode units = root.putArray("per_unit");
    for (UnitResult u : r.units()) {
      ObjectNode n = units.addObject();
      n.put("unit", u.unit());
      n.put("cycles", u.cycles());
      n.put("rul_at_end", u.rulAtEnd());
      n.put("first_alert_cycle", u.firstAlertCycle());
      n.put("rul_at_first_alert", u.rulAtFirstAlert());
      n.put("rule", u.firstRule());
      n.put("false_alarm", u.falseAlarm());
      n.put("missed", u.missed());
    }
    return mapper.writeValueAsString(root);
  }
}
