package dev.pika.sample.orders;

import dev.pika.exceptions.AmqpException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;

/**
 * Turns the API's failures into RFC 9457 problem details ({@code application/problem+json}) that say
 * what to fix.
 *
 * <ul>
 *   <li>a body that is not JSON, or has a field of the wrong type: 400, naming the field;
 *   <li>a body whose fields break the rules of {@link OrderRequest}: 400, with {@code errors} mapping
 *       each field to its problem;
 *   <li>an order the broker did not confirm in time ({@link AmqpException}): 503, with the reason.
 * </ul>
 *
 * <p>Thread-safe; holds no mutable state.
 */
@RestControllerAdvice(assignableTypes = OrderController.class)
public class OrderApiExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OrderApiExceptionHandler.class);

    static final String EXAMPLE = "expected a JSON object like {\"product\": \"book\", \"quantity\": 2}";

    /**
     * A body whose fields break the rules.
     *
     * @param e the validation failure
     * @return 400 with the fields and their problems
     */
    @ExceptionHandler(MethodArgumentNotValidException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public ProblemDetail invalid(MethodArgumentNotValidException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.getBindingResult()
                .getFieldErrors()
                .forEach(error -> errors.putIfAbsent(error.getField(), error.getDefaultMessage()));
        String detail = errors.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail + " (" + EXAMPLE + ")");
        problem.setTitle("Invalid order");
        problem.setProperty("errors", errors);
        return problem;
    }

    /**
     * A body that is not JSON, or whose field has the wrong type.
     *
     * @param e the parse failure
     * @return 400 naming the field when there is one
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String detail;
        if (e.getCause() instanceof JacksonException jackson
                && !jackson.getPath().isEmpty()) {
            String field = jackson.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = field + " has the wrong type; " + EXAMPLE;
        } else if (e.getCause() instanceof JacksonException) {
            detail = "The body is not valid JSON; " + EXAMPLE;
        } else {
            detail = "The body is missing or unreadable; " + EXAMPLE;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Malformed order");
        return problem;
    }

    /**
     * An order the broker did not take.
     *
     * @param e why
     * @return 503 with the reason
     */
    @ExceptionHandler(AmqpException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    public ProblemDetail notConfirmed(AmqpException e) {
        LOG.warn("An order was not accepted: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The broker did not confirm the order within sample.orders.publish-timeout; it was not accepted."
                        + " Try again later. Reason: " + e.getMessage());
        problem.setTitle("Broker unavailable");
        return problem;
    }
}
