package io.plantwatch.view.pipeline;

/**
 * Where the pipeline page's figures come from: the components' own counters in the local run,
 * Kafka's offsets against a deployment.
 */
@FunctionalInterface
public interface PipelineSource {
  StageCounts now();
}
