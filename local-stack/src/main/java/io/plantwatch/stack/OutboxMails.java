package io.plantwatch.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The alert mails of a run: waiting in the outbox folder or sent over SMTP, newest first. */
final class OutboxMails {
  private OutboxMails() {}

  static List<Path> newestFirst(Path outbox) {
    List<Path> mails = new ArrayList<>();
    for (Path dir : List.of(outbox, outbox.resolve("sent"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files.filter(p -> p.toString().endsWith(".eml")).forEach(mails::add);
        } catch (IOException e) {
          throw new UncheckedIOException("outbox " + outbox + " not readable", e);
        }
      }
    }
    mails.sort(Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed());
    return mails;
  }
}
