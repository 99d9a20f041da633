package io.plantwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time and resident memory of a process, from {@code /proc/PID/stat} (utime + stime, in clock
 * ticks) and {@code /proc/PID/status} ({@code VmRSS}). Linux only; elsewhere every figure is -1.
 */
public final class ProcStats {
  /** Clock ticks per second ({@code getconf CLK_TCK}): 100 on every Linux this runs on. */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /** One reading: CPU seconds used so far and the resident set in bytes (-1 if unknown). */
  public record Sample(double cpuSeconds, long rssBytes) {}

  public static Sample of(long pid) {
    return new Sample(cpuSeconds(pid), rssBytes(pid));
  }

  static double cpuSeconds(long pid) {
    try {
      return cpuSecondsOfStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime of a {@code /proc/PID/stat} line, in seconds. */
  static double cpuSecondsOfStat(String stat) {
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    String rest = stat.substring(stat.lastIndexOf(')') + 2);
    String[] f = rest.trim().split("\\s+");
    // rest starts at field 3 (state); utime is field 14, stime field 15.
    long utime = Long.parseLong(f[14 - 3]);
    long stime = Long.parseLong(f[15 - 3]);
    return (utime + stime) / TICKS_PER_SECOND;
  }

  static long rssBytes(long pid) {
    try {
      return rssBytesOfStatus(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {@code VmRSS} of a {@code /proc/PID/status} text, in bytes; -1 when absent. */
  static long rssBytesOfStatus(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] f = line.substring(6).trim().split("\\s+");
        return Long.parseLong(f[0]) * 1024;
      }
    }
    return -1;
  }

  /**
   * Busy and total jiffies of the whole machine ({@code /proc/stat}, all CPUs); nulls if unknown.
   */
  public static long[] machineJiffies() {
    try {
      return machineJiffiesOf(Files.readAllLines(Path.of("/proc/stat")).get(0));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {busy, total} of the {@code cpu} line of {@code /proc/stat}: idle and iowait are not busy. */
  static long[] machineJiffiesOf(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  /** This machine in one line: cores, memory, OS, Java. */
  static String machine() {
    long memKb = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return String.format(
        Locale.ROOT,
        "%d cores, %.0f GiB, %s %s, Java %s",
        Runtime.getRuntime().availableProcessors(),
        memKb / 1024.0 / 1024.0,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"));
  }
}
