package io.plantwatch.view.web;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Who may look. On loopback, whoever can reach the port (the machine's own users); bound anywhere
 * else, only a request carrying the token: {@code Authorization: Bearer TOKEN}, the cookie the view
 * sets, or {@code ?token=TOKEN} once (the view then sets the cookie and redirects to the same page
 * without it, so the token stays out of the address bar and its history).
 */
final class ViewAccess {
  static final String COOKIE = "plantwatch_view";

  private final byte[] token;

  private ViewAccess(byte[] token) {
    this.token = token;
  }

  static ViewAccess open() {
    return new ViewAccess(null);
  }

  static ViewAccess token(String token) {
    return new ViewAccess(token.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether a server on {@code bind} needs a token: anything but a loopback address does. */
  static boolean needsToken(String bind) throws java.net.UnknownHostException {
    return !InetAddress.getByName(bind).isLoopbackAddress();
  }

  boolean required() {
    return token != null;
  }

  boolean allows(HttpExchange ex) {
    if (token == null) {
      return true;
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.startsWith("Bearer ") && matches(auth.substring(7).strip())) {
      return true;
    }
    List<String> cookies = ex.getRequestHeaders().get("Cookie");
    if (cookies != null) {
      for (String header : cookies) {
        for (String c : header.split(";")) {
          String[] kv = c.strip().split("=", 2);
          if (kv.length == 2 && kv[0].equals(COOKIE) && matches(decode(kv[1]))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The token in the query string, when the request carries the right one. */
  boolean queryTokenMatches(HttpExchange ex) {
    String q = ex.getRequestURI().getRawQuery();
    if (token == null || q == null) {
      return false;
    }
    for (String pair : q.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && kv[0].equals("token") && matches(decode(kv[1]))) {
        return true;
      }
    }
    return false;
  }

  String cookieValue() {
    return java.net.URLEncoder.encode(
        new String(token, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private boolean matches(String candidate) {
    // Constant time: the comparison must not tell how much of a guess was right.
    return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
