package io.plantwatch.analytics.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.influxdb.exceptions.InfluxException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import retrofit2.Response;

class WriteFailureTest {
  /** An error answer as influxdb-client-java turns it into an exception. */
  static InfluxException answered(int status, String... headers) {
    okhttp3.Response.Builder raw =
        new okhttp3.Response.Builder()
            .code(status)
            .message("status " + status)
            .protocol(Protocol.HTTP_1_1)
            .request(new Request.Builder().url("http://127.0.0.1/api/v2/write").build());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      raw.header(headers[i], headers[i + 1]);
    }
    ResponseBody body =
        ResponseBody.create(
            "{\"code\":\"x\",\"message\":\"m\"}", MediaType.get("application/json"));
    return new InfluxException(Response.error(body, raw.build()));
  }

  @ParameterizedTest(name = "HTTP {0} is {1}")
  @CsvSource({
    "400, FATAL", // bad line protocol: sending it again gives the same answer
    "401, FATAL", // bad token
    "403, FATAL", // token without write permission
    "404, FATAL", // no such bucket or org
    "408, RETRIABLE", // the server timed out reading the request
    "413, FATAL", // too large: a configuration error (batchSize)
    "422, FATAL", // points outside the retention
    "429, RETRIABLE", // rate limited
    "500, RETRIABLE",
    "501, FATAL", // not implemented: no v2 write API behind this URL
    "502, RETRIABLE", // a proxy before InfluxDB without its backend
    "503, RETRIABLE", // InfluxDB starting or overloaded
    "504, RETRIABLE",
    "505, FATAL"
  })
  void httpAnswersAreClassifiedByStatus(int status, WriteFailure expected) {
    assertThat(WriteFailure.classify(answered(status))).isEqualTo(expected);
  }

  @Test
  void noAnswerAtAllIsRetriable() {
    assertThat(WriteFailure.classify(new InfluxException(new SocketTimeoutException("timeout"))))
        .isEqualTo(WriteFailure.RETRIABLE);
    assertThat(WriteFailure.classify(new InfluxException(new ConnectException("refused"))))
        .isEqualTo(WriteFailure.RETRIABLE);
    assertThat(WriteFailure.classify(new InfluxException(new InterruptedIOException("cut"))))
        .isEqualTo(WriteFailure.RETRIABLE);
    assertThat(WriteFailure.classify(new InfluxException(new UnknownHostException("influx"))))
        .isEqualTo(WriteFailure.RETRIABLE);
    assertThat(
            WriteFailure.classify(
                new RuntimeException(new IOException("connection reset by peer"))))
        .isEqualTo(WriteFailure.RETRIABLE);
  }

  @Test
  void everythingElseIsFatal() {
    assertThat(WriteFailure.classify(new InfluxException("client-side problem")))
        .isEqualTo(WriteFailure.FATAL);
    assertThat(WriteFailure.classify(new IllegalArgumentException("tag is empty")))
        .isEqualTo(WriteFailure.FATAL);
    assertThat(WriteFailure.classify(new NullPointerException())).isEqualTo(WriteFailure.FATAL);
  }

  @Test
  void retryAfterIsReadInSeconds() {
    assertThat(WriteFailure.retryAfter(answered(429, "Retry-After", "7")))
        .contains(Duration.ofSeconds(7));
    assertThat(
            WriteFailure.retryAfter(answered(503, "retry-after", "Wed, 21 Oct 2026 07:28:00 GMT")))
        .isEqualTo(Optional.empty());
    assertThat(WriteFailure.retryAfter(answered(503))).isEqualTo(Optional.empty());
    assertThat(WriteFailure.retryAfter(new IOException("x"))).isEqualTo(Optional.empty());
  }
}
