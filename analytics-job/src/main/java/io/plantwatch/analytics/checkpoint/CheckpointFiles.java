package io.plantwatch.analytics.checkpoint;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager$;

/**
 * The job's checkpoint files, plugged into Spark as {@code
 * spark.sql.streaming.checkpointFileManagerClass}: on a local file system through {@link
 * LocalCheckpointFiles}, anywhere else (HDFS, object stores) through the manager Spark would have
 * chosen itself.
 *
 * <p>Why: without Hadoop's native library, which no Maven artifact ships, Hadoop's local file
 * system starts a {@code chmod} process for every file it creates and a {@code readlink} process
 * for every rename. Spark writes a checkpoint file atomically as create-then-rename, for every
 * state store of every micro-batch and for each query's offset and commit logs: at 10,000
 * readings/s a state store's commit took about 70 ms, most of it these processes, and the alert
 * query's driver thread was inside one in a seventh of the thread dumps (docs/performance.md,
 * session 22).
 */
public final class CheckpointFiles implements CheckpointFileManager {
  /** Spark's key for the class; read from the Hadoop configuration each query is given. */
  public static final String SPARK_KEY = "spark.sql.streaming.checkpointFileManagerClass";

  private final CheckpointFileManager files;

  public CheckpointFiles(Path path, Configuration hadoopConf) throws java.io.IOException {
    FileSystem fs = path.getFileSystem(hadoopConf);
    if (LocalCheckpointFiles.handles(fs)) {
      files = new LocalCheckpointFiles(path, fs);
    } else {
      Configuration spark = new Configuration(hadoopConf);
      spark.unset(SPARK_KEY);
      files = CheckpointFileManager$.MODULE$.create(path, spark);
    }
  }

  @Override
  public CheckpointFileManager.CancellableFSDataOutputStream createAtomic(
      Path path, boolean overwriteIfPossible) {
    return files.createAtomic(path, overwriteIfPossible);
  }

  @Override
  public FSDataInputStream open(Path path) {
    return files.open(path);
  }

  @Override
  public FileStatus[] list(Path path, PathFilter filter) {
    return files.list(path, filter);
  }

  @Override
  public void mkdirs(Path path) {
    files.mkdirs(path);
  }

  @Override
  public boolean exists(Path path) {
    return files.exists(path);
  }

  @Override
  public void delete(Path path) {
    files.delete(path);
  }

  @Override
  public boolean isLocal() {
    return files.isLocal();
  }

  @Override
  public Path createCheckpointDirectory() {
    return files.createCheckpointDirectory();
  }

  @Override
  public void close() {
    files.close();
  }
}
