package io.plantwatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG chart of end-to-end latency percentiles against offered load (XChart). */
public final class LatencyChart {
  private LatencyChart() {}

  public static void write(BenchReport report, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<BenchReport.Load> loads =
        report.loads().stream().filter(l -> !Double.isNaN(l.p50Ms())).toList();
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title("plantwatch end-to-end latency (publish → first sink write of its window)")
            .xAxisTitle("offered load, readings/s")
            .yAxisTitle("latency, ms")
            .build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    if (loads.isEmpty()) {
      chart.addSeries("no load delivered readings", new double[] {0}, new double[] {0});
    } else {
      double[] x = loads.stream().mapToDouble(BenchReport.Load::offered).toArray();
      add(chart, "p50", x, loads.stream().mapToDouble(BenchReport.Load::p50Ms).toArray());
      add(chart, "p95", x, loads.stream().mapToDouble(BenchReport.Load::p95Ms).toArray());
      add(chart, "p99", x, loads.stream().mapToDouble(BenchReport.Load::p99Ms).toArray());
    }
    String name = png.toString();
    String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }

  private static void add(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
  }
}
