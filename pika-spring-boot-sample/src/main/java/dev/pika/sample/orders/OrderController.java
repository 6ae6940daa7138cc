package dev.pika.sample.orders;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP API.
 *
 * <ul>
 *   <li>{@code POST /orders} with {@code {"product": "book", "quantity": 2}}: publishes the order with
 *       publisher confirms and answers {@code 202 Accepted} with {@code {"orderId": ..., "status":
 *       "ACCEPTED"}} once the broker has it; {@code 400} with a problem detail naming the field for a
 *       malformed body; {@code 503} when the broker did not confirm within {@code
 *       sample.orders.publish-timeout}.
 *   <li>{@code GET /orders/stats}: {@code {"accepted": n, "processed": n, "failed": n}}.
 *   <li>{@code GET /orders/{orderId}}: {@code {"orderId": ..., "status": "ACCEPTED" | "PROCESSED" |
 *       "FAILED"}}, or {@code 404}.
 * </ul>
 *
 * <p>{@code POST} does not hold a web thread while it waits for the confirm: it returns a future that
 * the broker's confirm completes (Spring MVC's asynchronous request processing).
 *
 * <p>Thread-safe: called by the web server's threads; holds no mutable state.
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

    private final OrderPublisher publisher;
    private final OrderStats stats;

    /**
     * @param publisher publishes accepted orders
     * @param stats answers the counts and statuses
     */
    public OrderController(OrderPublisher publisher, OrderStats stats) {
        this.publisher = publisher;
        this.stats = stats;
    }

    /**
     * Accepts an order.
     *
     * @param request the order's product and quantity
     * @return 202 with the order id, once the broker confirmed the order
     */
    @PostMapping
    public CompletableFuture<ResponseEntity<OrderReceipt>> create(@Valid @RequestBody OrderRequest request) {
        Order order =
                new Order(UUID.randomUUID().toString(), request.product().strip(), request.quantity(), Instant.now());
        return publisher
                .publish(order)
                .thenApply(ignored -> ResponseEntity.accepted()
                        .location(URI.create("/orders/" + order.orderId()))
                        .body(new OrderReceipt(order.orderId(), OrderStatus.ACCEPTED)));
    }

    /**
     * The counts of accepted, processed and failed orders.
     *
     * @return the counts
     */
    @GetMapping("/stats")
    public OrderStats.Snapshot stats() {
        return stats.snapshot();
    }

    /**
     * The status of one order.
     *
     * @param orderId the id {@code POST /orders} answered
     * @return the status, or 404 when this application does not know the id
     */
    @GetMapping("/{orderId}")
    public ResponseEntity<?> status(@PathVariable String orderId) {
        return stats.status(orderId)
                .<ResponseEntity<?>>map(status -> ResponseEntity.ok(new OrderReceipt(orderId, status)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(ProblemDetail.forStatusAndDetail(
                                HttpStatus.NOT_FOUND,
                                "No order " + orderId + " was accepted by this application since it started")));
    }

    /**
     * An order's id and status, as the API answers them. Immutable.
     *
     * @param orderId the id
     * @param status the status
     */
    public record OrderReceipt(String orderId, OrderStatus status) {}
}
