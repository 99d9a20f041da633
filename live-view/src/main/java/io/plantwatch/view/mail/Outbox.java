package io.plantwatch.view.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's mail outbox, read only: which mails each alert transition produced. A mail file never
 * changes once written (the job writes it atomically, then moves it to {@code sent/}), so each is
 * read once; the folder is listed again at most every two seconds.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** Mail keys are hex; anything else would let a request walk the file system. */
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{8,64}");

  private static final long RESCAN_MILLIS = 2000;

  private final Path dir;
  private final Map<Path, OutboxMail> read = new HashMap<>();
  private final Map<String, List<OutboxMail>> byTransition = new HashMap<>();
  private long scannedAt;

  public Outbox(Path dir) {
    this.dir = dir;
  }

  /** Mails the transition produced, sent ones first. */
  public synchronized List<OutboxMail> mailsOf(String transitionId) {
    rescan();
    return byTransition.getOrDefault(transitionId, List.of());
  }

  /** The mail with this key and its text, when the outbox holds it. */
  public synchronized Optional<Map.Entry<OutboxMail, String>> mail(String key) throws IOException {
    if (key == null || !KEY.matcher(key).matches()) {
      return Optional.empty();
    }
    for (Path file :
        List.of(dir.resolve("sent").resolve(key + ".eml"), dir.resolve(key + ".eml"))) {
      if (Files.exists(file)) {
        return Optional.of(OutboxMail.readWithText(file, status(file)));
      }
    }
    return Optional.empty();
  }

  private void rescan() {
    long now = System.currentTimeMillis();
    if (now - scannedAt < RESCAN_MILLIS) {
      return;
    }
    scannedAt = now;
    Set<Path> present = new HashSet<>();
    present.addAll(list(dir.resolve("sent")));
    present.addAll(list(dir));
    boolean changed = read.keySet().retainAll(present);
    for (Path file : present) {
      if (!read.containsKey(file)) {
        try {
          read.put(file, OutboxMail.read(file, status(file)));
          changed = true;
        } catch (IOException e) {
          LOG.warn("live view cannot read the mail {}: {}", file, e.getMessage());
        }
      }
    }
    if (changed) {
      byTransition.clear();
      for (OutboxMail m : read.values()) {
        for (String id : m.transitions()) {
          byTransition.computeIfAbsent(id, k -> new ArrayList<>()).add(m);
        }
      }
      byTransition.values().forEach(l -> l.sort((a, b) -> a.status().compareTo(b.status())));
    }
  }

  /** Waiting in the outbox itself, or delivered and moved to {@code sent/}. */
  private String status(Path file) {
    return file.getParent().equals(dir) ? "waiting" : "sent";
  }

  private static List<Path> list(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".eml")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
