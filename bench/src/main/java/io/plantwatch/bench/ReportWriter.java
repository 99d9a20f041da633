package io.plantwatch.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's report as one JSON object and as Markdown tables. */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * One JSON object: {@code ceilings} (stage → readings/s), {@code loads} (one entry per offered
   * load), the saturation throughput and its ratio to the lowest ceiling, and the settings.
   */
  public static String json(BenchReport r) {
    StringBuilder o = new StringBuilder("{");
    field(o, "machine", r.machine());
    o.append(",\"settings\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : r.settings().entrySet()) {
      if (!first) {
        o.append(',');
      }
      first = false;
      field(o, e.getKey(), e.getValue());
    }
    o.append("},\"ceilings\":{");
    first = true;
    for (BenchReport.Ceiling c : r.ceilings().values()) {
      if (!first) {
        o.append(',');
      }
      first = false;
      o.append(string(c.stage())).append(':').append(number(c.readingsPerSecond()));
    }
    o.append("},\"ceilings_how\":{");
    first = true;
    for (BenchReport.Ceiling c : r.ceilings().values()) {
      if (!first) {
        o.append(',');
      }
      first = false;
      field(o, c.stage(), c.how());
    }
    o.append('}');
    BenchReport.Ceiling lowest = r.lowestCeiling();
    o.append(",\"lowest_ceiling\":").append(lowest == null ? "null" : string(lowest.stage()));
    o.append(",\"saturation_per_s\":").append(number(r.saturationPerS()));
    o.append(",\"saturation_not_reached\":").append(r.saturationNotReached());
    o.append(",\"ratio_to_lowest_ceiling\":").append(number(r.ratioToLowestCeiling()));
    o.append(",\"loads\":[");
    first = true;
    for (BenchReport.Load l : r.loads()) {
      if (!first) {
        o.append(',');
      }
      first = false;
      o.append('{');
      o.append("\"offered\":").append(l.offered());
      o.append(",\"published_per_s\":").append(number(l.publishedPerS()));
      o.append(",\"published\":").append(l.published());
      o.append(",\"delivered\":").append(l.delivered());
      o.append(",\"delivered_per_s\":").append(number(l.deliveredPerS()));
      o.append(",\"lost\":").append(l.lost());
      o.append(",\"duplicates_in_windows\":").append(l.duplicatesInWindows());
      o.append(",\"kept_up\":").append(l.keptUp());
      o.append(",\"drained\":").append(l.drained());
      o.append(",\"p50_ms\":").append(number(l.p50Ms()));
      o.append(",\"p95_ms\":").append(number(l.p95Ms()));
      o.append(",\"p99_ms\":").append(number(l.p99Ms()));
      o.append(",\"max_ms\":").append(number(l.maxMs()));
      o.append(",\"faults\":").append(l.faults());
      o.append(",\"fault_mails\":").append(l.faultMails());
      o.append(",\"fault_to_mail_p50_ms\":").append(number(l.faultToMail().p50()));
      o.append(",\"fault_to_mail_p99_ms\":").append(number(l.faultToMail().p99()));
      o.append(",\"fault_to_mail_max_ms\":").append(number(l.faultToMail().max()));
      o.append(",\"gateway_queue_max\":").append(l.gatewayQueueMax());
      o.append(",\"kafka_lag_max\":").append(l.kafkaLagMax());
      o.append(",\"spark_batch_ms_avg\":").append(number(l.sparkBatchMsAvg()));
      o.append(",\"spark_batch_ms_max\":").append(number(l.sparkBatchMsMax()));
      o.append(",\"trigger_ms\":").append(l.triggerMs());
      o.append(",\"cpu_cores\":").append(number(l.cpuCores()));
      o.append(",\"rss_mb\":").append(number(l.rssMb()));
      o.append(",\"other_cpu_cores\":").append(number(l.otherCpuCores()));
      o.append(",\"jvm_cpu_cores_by_stage\":{");
      boolean firstS = true;
      for (Map.Entry<String, Double> e : l.jvmStageCores().entrySet()) {
        if (!firstS) {
          o.append(',');
        }
        firstS = false;
        o.append(string(e.getKey())).append(':').append(number(e.getValue()));
      }
      o.append('}');
      o.append(",\"processes\":[");
      boolean firstP = true;
      for (BenchReport.Process p : l.processes()) {
        if (!firstP) {
          o.append(',');
        }
        firstP = false;
        o.append("{\"name\":").append(string(p.name()));
        o.append(",\"cpu_cores\":").append(number(p.cpuCores()));
        o.append(",\"rss_mb\":").append(number(p.rssMb())).append('}');
      }
      o.append("],\"minutes\":[");
      boolean firstM = true;
      for (SoakMinute m : l.minutes()) {
        if (!firstM) {
          o.append(',');
        }
        firstM = false;
        o.append("{\"minute\":").append(m.minute());
        o.append(",\"published_per_s\":").append(number(m.publishedPerS()));
        o.append(",\"read_per_s\":").append(number(m.readPerS()));
        o.append(",\"batch_ms_avg\":").append(number(m.batchMsAvg()));
        o.append(",\"batch_ms_max\":").append(number(m.batchMsMax()));
        o.append(",\"state_rows\":").append(m.stateRows());
        o.append(",\"state_mb\":").append(number(m.stateMb()));
        o.append(",\"kafka_lag\":").append(m.kafkaLag());
        o.append(",\"gateway_queue\":").append(m.gatewayQueue());
        o.append(",\"heap_used_mb\":").append(number(m.heapUsedMb()));
        o.append(",\"rss_mb\":[");
        for (int i = 0; i < m.rssMb().size(); i++) {
          o.append(i == 0 ? "" : ",").append(number(m.rssMb().get(i)));
        }
        o.append("]}");
      }
      o.append("]}");
    }
    o.append("]}");
    return o.toString();
  }

  /** The loads table, the backlog table, the ceilings and the ratio, in Markdown. */
  public static String markdown(BenchReport r) {
    StringBuilder m = new StringBuilder();
    m.append("## Throughput and latency per offered load\n\n");
    m.append(
        "| offered r/s | published r/s | delivered r/s | lost | duplicates | p50 ms | p95 ms |"
            + " p99 ms | max ms | kept up | faults mailed | fault-to-mail p50 / p99 / max ms |\n");
    m.append(
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n");
    for (BenchReport.Load l : r.loads()) {
      m.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s | %,d | %,d | %s | %s | %s | %s | %s | %s | %s |%n",
              l.offered(),
              rate(l.publishedPerS()),
              rate(l.deliveredPerS()),
              l.lost(),
              l.duplicatesInWindows(),
              ms(l.p50Ms()),
              ms(l.p95Ms()),
              ms(l.p99Ms()),
              ms(l.maxMs()),
              l.keptUp() ? "yes" : l.drained() ? "no" : "no (not drained)",
              l.faults() == 0 ? "–" : l.faultMails() + " / " + l.faults(),
              l.faultMails() == 0
                  ? "–"
                  : ms(l.faultToMail().p50())
                      + " / "
                      + ms(l.faultToMail().p99())
                      + " / "
                      + ms(l.faultToMail().max())));
    }
    m.append("\n## Backlog and resources per offered load\n\n");
    List<String> names =
        r.loads().isEmpty()
            ? List.of()
            : r.loads().get(0).processes().stream().map(BenchReport.Process::name).toList();
    m.append(
        "| offered r/s | gateway queue max | Kafka lag max | Spark batch avg / max ms (trigger) |");
    for (String n : names) {
      m.append(' ').append(n).append(" CPU cores / RSS MB |");
    }
    m.append(" total RSS MB | other processes CPU cores |\n| ---: | ---: | ---: | ---: |");
    m.append(" ---: |".repeat(names.size()));
    m.append(" ---: | ---: |\n");
    for (BenchReport.Load l : r.loads()) {
      m.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %,d | %s / %s (%d) |",
              l.offered(),
              l.gatewayQueueMax(),
              l.kafkaLagMax(),
              ms(l.sparkBatchMsAvg()),
              ms(l.sparkBatchMsMax()),
              l.triggerMs()));
      for (BenchReport.Process p : l.processes()) {
        m.append(String.format(Locale.ROOT, " %.2f / %.0f |", p.cpuCores(), p.rssMb()));
      }
      m.append(String.format(Locale.ROOT, " %.0f | %.2f |%n", l.rssMb(), l.otherCpuCores()));
    }
    List<String> stages =
        r.loads().isEmpty() ? List.of() : List.copyOf(r.loads().get(0).jvmStageCores().keySet());
    if (!stages.isEmpty()) {
      m.append(
          "\n## CPU inside the JVM by stage (cores; in brackets readings/s per core: published"
              + " readings for the stages up to Kafka, delivered ones for Spark and the sink)\n\n");
      m.append("| offered r/s |");
      stages.forEach(s -> m.append(' ').append(s).append(" |"));
      m.append("\n| ---: |").append(" ---: |".repeat(stages.size())).append('\n');
      for (BenchReport.Load l : r.loads()) {
        m.append(String.format(Locale.ROOT, "| %,d |", l.offered()));
        for (String s : stages) {
          double c = l.jvmStageCores().getOrDefault(s, Double.NaN);
          double through =
              s.equals("spark") || s.equals("sink")
                  ? l.deliveredPerS()
                  : s.equals("other threads") || s.equals("jvm rest")
                      ? Double.NaN
                      : l.publishedPerS();
          m.append(
              Double.isNaN(through) || !(c > 0.005)
                  ? String.format(Locale.ROOT, " %.2f |", c)
                  : String.format(Locale.ROOT, " %.2f (%s) |", c, rate(through / c)));
        }
        m.append('\n');
      }
    }
    for (BenchReport.Load l : r.loads()) {
      if (!l.minutes().isEmpty()) {
        minutes(m, l);
      }
    }
    m.append("\n## Ceilings (each stage alone, same run, same machine)\n\n");
    m.append("| stage | readings/s | how |\n| --- | ---: | --- |\n");
    for (BenchReport.Ceiling c : r.ceilings().values()) {
      m.append(
          String.format(
              Locale.ROOT, "| %s | %s | %s |%n", c.stage(), rate(c.readingsPerSecond()), c.how()));
    }
    BenchReport.Ceiling lowest = r.lowestCeiling();
    m.append('\n');
    if (lowest == null) {
      m.append("No ceilings were measured in this run.\n");
    } else {
      m.append(
          String.format(
              Locale.ROOT,
              "Pipeline saturation (highest delivered rate with zero loss): %s readings/s%s;"
                  + " lowest ceiling: %s at %s readings/s; ratio %.2f.%n",
              rate(r.saturationPerS()),
              r.saturationNotReached() ? " (the highest load still kept up: a lower bound)" : "",
              lowest.stage(),
              rate(lowest.readingsPerSecond()),
              r.ratioToLowestCeiling()));
    }
    m.append("\n## Settings\n\n| setting | value |\n| --- | --- |\n");
    r.settings().forEach((k, v) -> m.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    m.append("\nMachine: ").append(r.machine()).append('\n');
    return m.toString();
  }

  /** A load's soak table: one row per minute, then the growth of its last minutes. */
  private static void minutes(StringBuilder m, BenchReport.Load l) {
    List<SoakMinute> rows = l.minutes();
    m.append(
        String.format(Locale.ROOT, "%n## Per minute at %,d readings/s offered%n%n", l.offered()));
    m.append(
        "| minute | published r/s | read by the job r/s | batch avg / max ms | state rows | state"
            + " MB | Kafka lag | gateway queue | JVM heap used MB |");
    l.processes().forEach(p -> m.append(' ').append(p.name()).append(" RSS MB |"));
    m.append(" total RSS MB |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    m.append(" ---: |".repeat(l.processes().size())).append(" ---: |\n");
    for (SoakMinute x : rows) {
      m.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s / %s | %,d | %.0f | %,d | %,d | %.0f |",
              x.minute(),
              rate(x.publishedPerS()),
              rate(x.readPerS()),
              ms(x.batchMsAvg()),
              ms(x.batchMsMax()),
              x.stateRows(),
              x.stateMb(),
              x.kafkaLag(),
              x.gatewayQueue(),
              x.heapUsedMb()));
      x.rssMb().forEach(v -> m.append(String.format(Locale.ROOT, " %.0f |", v)));
      m.append(String.format(Locale.ROOT, " %.0f |%n", x.rssTotalMb()));
    }
    int span = SoakMinute.growthSpan(rows);
    if (span > 0) {
      m.append(
          String.format(
              Locale.ROOT,
              "%nThe last %d minutes against the %d before: total RSS %s, batch time %s, state rows"
                  + " %s, read rate %s.%n",
              span,
              span,
              percent(SoakMinute.growth(rows, SoakMinute::rssTotalMb)),
              percent(SoakMinute.growth(rows, SoakMinute::batchMsAvg)),
              percent(SoakMinute.growth(rows, x -> x.stateRows())),
              percent(SoakMinute.growth(rows, SoakMinute::readPerS))));
    }
  }

  /** A growth fraction as a signed percentage, "-" when unknown. */
  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%+.1f %%", 100 * fraction);
  }

  private static String rate(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static void field(StringBuilder o, String key, String value) {
    o.append(string(key)).append(':').append(value == null ? "null" : string(value));
  }

  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
