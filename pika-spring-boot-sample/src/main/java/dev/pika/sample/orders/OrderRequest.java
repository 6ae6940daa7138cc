package dev.pika.sample.orders;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /orders}: {@code {"product": "book", "quantity": 2}}. Only the shape is
 * checked here (a product name, an integer quantity); whether the quantity makes sense is the
 * listener's business, so that an order with {@code quantity <= 0} is accepted and shows the poison
 * path (retry, then the dead-letter queue).
 *
 * <p>Immutable and thread-safe.
 *
 * @param product the product name, 1 to 100 characters
 * @param quantity how many, any integer
 */
public record OrderRequest(
        @NotBlank(message = "must be a non-blank string, e.g. \"book\"")
        @Size(max = 100, message = "must be at most 100 characters")
        String product,

        @NotNull(message = "must be an integer, e.g. 2") Integer quantity) {}
