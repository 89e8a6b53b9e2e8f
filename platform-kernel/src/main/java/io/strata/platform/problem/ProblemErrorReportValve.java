package io.strata.platform.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's error report for requests it refuses itself, before any servlet runs (an encoded slash or NUL in
 * the path, a request line or header over the limits): a problem document like every other error of the API,
 * instead of Tomcat's HTML page, with the members {@link ProblemWriter} gives every document. Installed on the host
 * by {@link ProblemErrorPages}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    /** Tomcat instantiates the valve itself, so it has no access to the node's mapper; the body is plain JSON. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        ProblemDetail problem = Problems.forStatus(status != null ? status : HttpStatus.BAD_REQUEST);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(ProblemWriter.body(problem)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more can be sent
        }
    }
}
