package io.plantwatch.stack;

import io.plantwatch.analytics.windows.WindowSpec;
import io.plantwatch.view.pipeline.PipelineSource;
import io.plantwatch.view.pipeline.StageCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * The live view's pipeline page in the local run: every component's own counters, the same ones the
 * console prints, in the order readings flow.
 */
final class RunCounters implements PipelineSource {
  private final LocalStack stack;
  private final WindowSpec firstSpec;

  RunCounters(LocalStack stack, WindowSpec firstSpec) {
    this.stack = stack;
    this.firstSpec = firstSpec;
  }

  @Override
  public StageCounts now() {
    PipelineFigures f = PipelineFigures.of(stack, firstSpec);
    List<StageCounts.Stage> stages = new ArrayList<>();
    stages.add(new StageCounts.Stage("devices published", "readings", f.devicesSent()));
    stages.add(new StageCounts.Stage("gateway took in", "readings", f.gatewayQueued()));
    stages.add(new StageCounts.Stage("gateway forwarded", "readings", f.gatewayForwarded()));
    stages.add(new StageCounts.Stage("connector to Kafka", "readings", f.connectorReadings()));
    stages.add(
        new StageCounts.Stage("job read (" + firstSpec.label() + ")", "readings", f.jobRows()));
    stages.add(new StageCounts.Stage("window values written", "windows", f.windowsWritten()));
    List<StageCounts.Fact> facts = new ArrayList<>();
    facts.add(new StageCounts.Fact("gateway queue", f.gatewayQueueDepth() + " readings"));
    facts.add(new StageCounts.Fact("gateway resent", Long.toString(f.gatewayResent())));
    facts.add(
        new StageCounts.Fact("connector hand-off queue", Long.toString(f.connectorHandoff())));
    facts.add(new StageCounts.Fact("late readings dropped", Long.toString(f.jobLate())));
    facts.add(new StageCounts.Fact("watermark", f.watermark()));
    long rejected = stack.recordsAddedThisRun(Topics.REJECTED);
    facts.add(
        new StageCounts.Fact("rejected this run", rejected < 0 ? "–" : Long.toString(rejected)));
    return new StageCounts(System.currentTimeMillis(), stages, facts);
  }
}
