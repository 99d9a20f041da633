package io.plantwatch.analytics.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;
import org.apache.spark.sql.execution.streaming.checkpointing.FileContextBasedCheckpointFileManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {
  @TempDir java.nio.file.Path dir;

  private final Configuration conf = new Configuration();

  private CheckpointFiles files() throws IOException {
    return new CheckpointFiles(new Path(dir.toUri()), conf);
  }

  /** Spark's own manager for the same directory, as an earlier version of the job used. */
  private CheckpointFileManager sparks() {
    return new FileContextBasedCheckpointFileManager(new Path(dir.toUri()), conf);
  }

  private Path at(String name) {
    return new Path(dir.resolve(name).toUri());
  }

  private static void write(CheckpointFileManager files, Path path, String text, boolean overwrite)
      throws IOException {
    try (FSDataOutputStream out = files.createAtomic(path, overwrite)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String read(CheckpointFileManager files, Path path) throws IOException {
    try (InputStream in = files.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String[] names() {
    String[] names = dir.toFile().list();
    Arrays.sort(names);
    return names;
  }

  @Test
  void aLocalCheckpointIsWrittenByTheJobWithoutHadoopsChecksumFiles() throws IOException {
    CheckpointFiles files = files();
    assertThat(files.isLocal()).isTrue();
    assertThat(files.createCheckpointDirectory()).isEqualTo(sparks().createCheckpointDirectory());
    write(files, at("metadata"), "{\"id\":\"q\"}", false);
    // Spark's own manager would have left ".metadata.crc" beside it.
    assertThat(names()).containsExactly("metadata");
  }

  @Test
  void aFileAppearsWhenClosedAndNotBefore() throws IOException {
    CheckpointFiles files = files();
    files.mkdirs(at("offsets"));
    FSDataOutputStream out = files.createAtomic(at("offsets/0"), false);
    out.write("v1\n{}".getBytes(StandardCharsets.UTF_8));
    assertThat(files.exists(at("offsets/0"))).isFalse();
    out.close();
    out.close();
    assertThat(read(files, at("offsets/0"))).isEqualTo("v1\n{}");
    assertThat(dir.resolve("offsets").toFile().list()).containsExactly("0");
  }

  @Test
  void aFileWhoseDirectoryIsGoneIsNotWrittenAsSparksManagerRefusesIt() throws IOException {
    CheckpointFiles files = files();
    assertThatThrownBy(() -> write(files, at("state/0/7.changelog"), "x", true))
        .isInstanceOf(FileNotFoundException.class);
    assertThat(names()).isEmpty();
  }

  @Test
  void ofTwoWritersOfOneFileWithoutOverwriteExactlyTheFirstToCloseWins() throws IOException {
    CheckpointFiles files = files();
    FSDataOutputStream first = files.createAtomic(at("commits-3"), false);
    FSDataOutputStream second = files.createAtomic(at("commits-3"), false);
    second.write("second".getBytes(StandardCharsets.UTF_8));
    first.write("first".getBytes(StandardCharsets.UTF_8));
    second.close();
    assertThatThrownBy(first::close).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(read(files, at("commits-3"))).isEqualTo("second");
    assertThat(names()).containsExactly("commits-3");
  }

  @Test
  void aChecksumLeftWithoutItsFileDoesNotSpoilTheNextFileOfThatName() throws IOException {
    CheckpointFileManager spark = sparks();
    write(spark, at("5"), "batch 5 as first planned", false);
    // Someone deletes the batch by hand to run it again, and leaves Hadoop's checksum.
    Files.delete(dir.resolve("5"));
    assertThat(names()).containsExactly(".5.crc");

    CheckpointFiles files = files();
    write(files, at("5"), "batch 5 again", false);
    assertThat(read(files, at("5"))).isEqualTo("batch 5 again");
    assertThat(read(spark, at("5"))).isEqualTo("batch 5 again");
    assertThat(names()).containsExactly("5");
  }

  @Test
  void namesWithSpacesAndPercentSignsAndHadoopsRawLocalFileSystemWork() throws IOException {
    Configuration raw = new Configuration();
    raw.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
    raw.setBoolean("fs.file.impl.disable.cache", true);
    java.nio.file.Path odd = Files.createDirectories(dir.resolve("plant 7 %41"));
    CheckpointFiles files = new CheckpointFiles(new Path(odd.toUri()), raw);
    assertThat(files.isLocal()).isTrue();
    Path state = files.createCheckpointDirectory();
    write(files, new Path(state, "1.zip"), "zipped", true);
    assertThat(odd.toFile().list()).containsExactly("1.zip");
    assertThat(read(files, new Path(state, "1.zip"))).isEqualTo("zipped");
    assertThat(files.list(state)).hasSize(1);
    files.delete(new Path(state, "1.zip"));
    assertThat(odd.toFile().list()).isEmpty();
  }

  @Test
  void aCancelledFileLeavesNothingBehindAndTheOldFileAsItWas() throws IOException {
    CheckpointFiles files = files();
    write(files, at("1.zip"), "kept", true);
    CheckpointFileManager.CancellableFSDataOutputStream out = files.createAtomic(at("1.zip"), true);
    out.write(42);
    out.cancel();
    out.close();
    out.cancel();
    assertThat(names()).containsExactly("1.zip");
    assertThat(read(files, at("1.zip"))).isEqualTo("kept");
  }

  @Test
  void anExistingFileIsKeptWhenTheCallerAsksForNoOverwrite() throws IOException {
    CheckpointFiles files = files();
    write(files, at("commits-0"), "first", false);
    assertThatThrownBy(() -> write(files, at("commits-0"), "second", false))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("commits-0");
    assertThat(read(files, at("commits-0"))).isEqualTo("first");
    assertThat(names()).containsExactly("commits-0");
  }

  @Test
  void overwritingReplacesTheFileAndDropsTheChecksumHadoopWroteForTheOldOne() throws IOException {
    // Written by Spark's own manager, as by an earlier version of the job: with a .crc file.
    CheckpointFileManager spark = sparks();
    write(spark, at("1.changelog"), "old", true);
    assertThat(names()).containsExactly(".1.changelog.crc", "1.changelog");

    CheckpointFiles files = files();
    assertThat(read(files, at("1.changelog"))).isEqualTo("old");
    write(files, at("1.changelog"), "new and longer", true);
    assertThat(names()).containsExactly("1.changelog");
    assertThat(read(files, at("1.changelog"))).isEqualTo("new and longer");
    assertThat(read(spark, at("1.changelog"))).isEqualTo("new and longer");
  }

  @Test
  void aCorruptedFileWithHadoopsChecksumIsStillRefused() throws IOException {
    CheckpointFileManager spark = sparks();
    write(spark, at("2.zip"), "state", true);
    Files.writeString(dir.resolve("2.zip"), "stale");
    assertThatThrownBy(() -> read(files(), at("2.zip")))
        .isInstanceOf(org.apache.hadoop.fs.ChecksumException.class);
  }

  @Test
  void listingHidesChecksumsAndDeletingTakesThemAlong() throws IOException {
    CheckpointFileManager spark = sparks();
    spark.mkdirs(at("state/0"));
    write(spark, at("state/0/1.zip"), "a", true);
    CheckpointFiles files = files();
    write(files, at("state/0/2.zip"), "b", true);
    files.mkdirs(at("state/0/SSTs"));

    FileStatus[] listed = files.list(at("state/0"));
    assertThat(Arrays.stream(listed).map(s -> s.getPath().getName()).sorted())
        .containsExactly("1.zip", "2.zip", "SSTs");
    assertThat(
            Arrays.stream(files.list(at("state/0"), p -> p.getName().endsWith(".zip")))
                .map(s -> s.getLen()))
        .containsExactly(1L, 1L);

    files.delete(at("state/0/1.zip"));
    files.delete(at("state/0/never-written"));
    assertThat(dir.resolve("state/0").toFile().list()).containsExactlyInAnyOrder("2.zip", "SSTs");
    files.delete(at("state"));
    assertThat(names()).isEmpty();
  }

  @Test
  void missingFilesAreReportedAsSparkExpects() throws IOException {
    CheckpointFiles files = files();
    assertThatThrownBy(() -> files.open(at("offsets/7"))).isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> files.list(at("nowhere"), p -> true))
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void aCheckpointElsewhereGetsSparksOwnManager() throws IOException {
    Configuration other = new Configuration();
    // A file system that is not Hadoop's local one, under a scheme of its own.
    other.set("fs.plantwatch-test.impl", NotLocal.class.getName());
    other.set(CheckpointFiles.SPARK_KEY, CheckpointFiles.class.getName());
    CheckpointFiles files = new CheckpointFiles(new Path("plantwatch-test:///ckpt"), other);
    assertThat(files.isLocal()).isFalse();
  }

  /** A Hadoop file system that is not a local one. */
  public static final class NotLocal extends org.apache.hadoop.fs.FilterFileSystem {
    public NotLocal() {
      super(new org.apache.hadoop.fs.RawLocalFileSystem());
    }

    @Override
    public java.net.URI getUri() {
      return java.net.URI.create("plantwatch-test:///");
    }

    @Override
    public String getScheme() {
      return "plantwatch-test";
    }
  }
}
