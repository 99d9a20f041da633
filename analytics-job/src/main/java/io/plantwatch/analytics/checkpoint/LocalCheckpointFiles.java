package io.plantwatch.analytics.checkpoint;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoint files on a local file system, written and renamed with {@code java.nio} so that no
 * process is started (see {@link CheckpointFiles}); reading, listing and deleting go through
 * Hadoop's local file system as configured (checksummed by default), which starts none for them.
 *
 * <p>What Spark's own manager does locally, kept: a file appears complete or not at all (written to
 * a hidden temporary file in the same directory, then renamed); a file is not replaced when the
 * caller says so ({@link FileAlreadyExistsException}); a file whose directory is missing is not
 * written ({@link FileNotFoundException}: a checkpoint deleted under a running query is not
 * silently made again); writes are not interruptible; no {@code fsync}. What differs: no {@code
 * .crc} file is written beside a new file. Files written by Spark's manager keep being read with
 * their checksums, a checksum left beside a name is removed when a file takes that name, and
 * Spark's manager reads these files as it reads any file without one: a checkpoint moves between
 * the two either way.
 *
 * <p>Spark calls this from Scala, which declares no checked exceptions, and catches some by type
 * ({@link FileNotFoundException}, {@link FileAlreadyExistsException}): they are thrown as they are,
 * undeclared.
 */
final class LocalCheckpointFiles implements CheckpointFileManager {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCheckpointFiles.class);

  private final Path path;
  private final FileSystem fs;
  private final RawLocalFileSystem raw;

  /** {@code fs}: Hadoop's local file system as configured, one that {@link #handles}. */
  LocalCheckpointFiles(Path path, FileSystem fs) {
    this.path = path;
    this.fs = fs;
    this.raw = rawOf(fs);
  }

  /** Whether {@code fs} is Hadoop's local file system, checksummed or raw. */
  static boolean handles(FileSystem fs) {
    return rawOf(fs) != null;
  }

  private static RawLocalFileSystem rawOf(FileSystem fs) {
    if (fs instanceof LocalFileSystem local
        && local.getRawFileSystem() instanceof RawLocalFileSystem raw) {
      return raw;
    }
    return fs instanceof RawLocalFileSystem raw ? raw : null;
  }

  @Override
  public CheckpointFileManager.CancellableFSDataOutputStream createAtomic(
      Path target, boolean overwriteIfPossible) {
    File file = raw.pathToFile(target);
    File temp =
        new File(file.getParentFile(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      return new AtomicFile(file, temp, overwriteIfPossible);
    } catch (IOException e) {
      throw undeclared(e);
    }
  }

  @Override
  public FSDataInputStream open(Path file) {
    try {
      return fs.open(file);
    } catch (IOException e) {
      throw undeclared(e);
    }
  }

  @Override
  public FileStatus[] list(Path dir, PathFilter filter) {
    try {
      return fs.listStatus(dir, filter);
    } catch (IOException e) {
      throw undeclared(e);
    }
  }

  @Override
  public void mkdirs(Path dir) {
    try {
      Files.createDirectories(raw.pathToFile(dir).toPath());
    } catch (IOException e) {
      throw undeclared(e);
    }
  }

  @Override
  public boolean exists(Path file) {
    return raw.pathToFile(file).exists();
  }

  @Override
  public void delete(Path file) {
    try {
      fs.delete(file, true);
    } catch (FileNotFoundException e) {
      // Deleted meanwhile: what the caller wanted.
    } catch (IOException e) {
      throw undeclared(e);
    }
  }

  @Override
  public boolean isLocal() {
    return true;
  }

  @Override
  public Path createCheckpointDirectory() {
    Path qualified = fs.makeQualified(path);
    mkdirs(qualified);
    return qualified;
  }

  /** Spark's callers catch checked exceptions by type; Java would make us wrap them. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException undeclared(Throwable e) throws E {
    throw (E) e;
  }

  /** Hadoop's checksum file beside {@code file}, which Hadoop's local file system would read. */
  static File checksumOf(File file) {
    return new File(file.getParentFile(), "." + file.getName() + ".crc");
  }

  private static final class AtomicFile
      extends CheckpointFileManager.CancellableFSDataOutputStream {
    private final File file;
    private final File temp;
    private final boolean overwrite;
    private boolean done;

    AtomicFile(File file, File temp, boolean overwrite) throws FileNotFoundException {
      // FileOutputStream, as Hadoop's: a stream on a FileChannel would fail when a stopping query
      // interrupts its task.
      super(new BufferedOutputStream(new FileOutputStream(temp), 64 * 1024));
      this.file = file;
      this.temp = temp;
      this.overwrite = overwrite;
    }

    @Override
    public synchronized void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      try {
        super.close();
        publish();
      } catch (IOException | RuntimeException e) {
        deleteTemp(e);
        throw e;
      }
      deleteTemp(null);
    }

    private void publish() throws IOException {
      // Drop a checksum Hadoop left under this name first: it would fail every read of the new
      // file, and a reader must not meet the new file beside the old checksum.
      File checksum = checksumOf(file);
      if (overwrite) {
        Files.deleteIfExists(checksum.toPath());
        move(StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      if (file.exists()) {
        throw alreadyThere();
      }
      Files.deleteIfExists(checksum.toPath());
      try {
        // A hard link is made only if the name is free: the check and the publication are one.
        Files.createLink(file.toPath(), temp.toPath());
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw alreadyThere();
      } catch (UnsupportedOperationException | IOException noLinks) {
        // File systems without hard links (FAT): checked above, then renamed, as Hadoop's local
        // one does.
        move();
      }
    }

    private void move(StandardCopyOption... options) throws IOException {
      StandardCopyOption[] atomic = java.util.Arrays.copyOf(options, options.length + 1);
      atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
      try {
        Files.move(temp.toPath(), file.toPath(), atomic);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp.toPath(), file.toPath(), options);
      }
    }

    private FileAlreadyExistsException alreadyThere() {
      return new FileAlreadyExistsException(file + " already exists");
    }

    /** Removes the temporary file; a failure is logged, never thrown over the caller's error. */
    private void deleteTemp(Throwable failure) {
      try {
        Files.deleteIfExists(temp.toPath());
      } catch (IOException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else {
          LOG.warn("Could not delete the temporary checkpoint file {}: {}", temp, e.toString());
        }
      }
    }

    @Override
    public synchronized void cancel() {
      if (done) {
        return;
      }
      done = true;
      try {
        super.close();
      } catch (IOException e) {
        LOG.warn("Closing the cancelled checkpoint file {} failed: {}", temp, e.toString());
      }
      deleteTemp(null);
    }
  }
}
