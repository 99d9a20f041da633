package io.plantwatch.analytics.checkpoint;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;

/**
 * Checkpoint files on a local file system, written and renamed with {@code java.nio} so that no
 * process is started (see {@link CheckpointFiles}); reading, listing and deleting go through
 * Hadoop's checksummed local file system, which starts none for them.
 *
 * <p>What Spark's own manager does locally, kept: a file appears complete or not at all (written to
 * a hidden temporary file in the same directory, then renamed); a file is not replaced when the
 * caller says so ({@link FileAlreadyExistsException}); no {@code fsync}, as before. What differs:
 * no {@code .crc} file is written beside a new file. Files written by Spark's manager keep being
 * read with their checksums, a stale checksum is removed when its file is replaced, and Spark's
 * manager reads these files as it reads any file without one: a checkpoint moves between the two
 * either way.
 *
 * <p>Spark calls this from Scala, which declares no checked exceptions, and catches some by type
 * ({@link FileNotFoundException}, {@link FileAlreadyExistsException}): they are thrown as they are,
 * undeclared.
 */
final class LocalCheckpointFiles implements CheckpointFileManager {
  private final Path path;
  private final LocalFileSystem checksummed;
  private final RawLocalFileSystem raw;

  LocalCheckpointFiles(Path path, LocalFileSystem checksummed, RawLocalFileSystem raw) {
    this.path = path;
    this.checksummed = checksummed;
    this.raw = raw;
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
      return checksummed.open(file);
    } catch (IOException e) {
      throw undeclared(e);
    }
  }

  @Override
  public FileStatus[] list(Path dir, PathFilter filter) {
    try {
      return checksummed.listStatus(dir, filter);
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
      checksummed.delete(file, true);
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
    Path qualified = checksummed.makeQualified(path);
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

    AtomicFile(File file, File temp, boolean overwrite) throws IOException {
      this(file, temp, overwrite, open(temp));
    }

    private AtomicFile(File file, File temp, boolean overwrite, OutputStream out) {
      super(out);
      this.file = file;
      this.temp = temp;
      this.overwrite = overwrite;
    }

    private static OutputStream open(File temp) throws IOException {
      Files.createDirectories(temp.getParentFile().toPath());
      return new BufferedOutputStream(Files.newOutputStream(temp.toPath()), 64 * 1024);
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
      } finally {
        Files.deleteIfExists(temp.toPath());
      }
    }

    private void publish() throws IOException {
      if (overwrite) {
        Files.deleteIfExists(checksumOf(file).toPath());
        move(StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      try {
        // A hard link is created only if the name is free: the check and the publication are one.
        Files.createLink(file.toPath(), temp.toPath());
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw alreadyThere();
      } catch (UnsupportedOperationException | IOException noLinks) {
        // File systems without hard links (FAT): check, then rename, as Hadoop's local one does.
        if (file.exists()) {
          throw alreadyThere();
        }
        move();
      }
    }

    private void move(StandardCopyOption... options) throws IOException {
      try {
        Files.move(temp.toPath(), file.toPath(), append(options, StandardCopyOption.ATOMIC_MOVE));
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp.toPath(), file.toPath(), options);
      }
    }

    private static StandardCopyOption[] append(
        StandardCopyOption[] options, StandardCopyOption option) {
      StandardCopyOption[] all = java.util.Arrays.copyOf(options, options.length + 1);
      all[options.length] = option;
      return all;
    }

    private FileAlreadyExistsException alreadyThere() {
      return new FileAlreadyExistsException(file + " already exists");
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
        // The temporary file is deleted below either way.
      }
      try {
        Files.deleteIfExists(temp.toPath());
      } catch (IOException e) {
        throw undeclared(e);
      }
    }
  }
}
