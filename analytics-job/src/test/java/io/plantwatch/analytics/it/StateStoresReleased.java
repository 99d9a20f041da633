package io.plantwatch.analytics.it;

import org.apache.spark.sql.execution.streaming.state.StateStore$;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops every streaming query of the shared session and then Spark's state stores after each test,
 * before JUnit deletes the test's temporary folders. Spark's state-store maintenance thread goes on
 * writing RocksDB snapshots into a checkpoint after its query has stopped; a folder deleted under
 * it failed a green test once ({@code DirectoryNotEmptyException} in CI). {@code StateStore.stop()}
 * closes every loaded store and waits for the maintenance threads to end; the next query starts
 * them again.
 */
public final class StateStoresReleased implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (StreamingQuery query : LocalSpark.session().streams().active()) {
      query.stop();
    }
    StateStore$.MODULE$.stopMaintenanceTask();
    StateStore$.MODULE$.stop();
  }
}
