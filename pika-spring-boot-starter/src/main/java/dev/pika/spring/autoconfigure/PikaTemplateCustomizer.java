package dev.pika.spring.autoconfigure;

import dev.pika.spring.core.PikaTemplate;

/**
 * Adjusts the auto-configured {@link PikaTemplate}, e.g. adds a {@code MessagePostProcessor} run
 * before every publish ({@code addBeforePublishPostProcessor}). Applied in {@code @Order}.
 *
 * <p>Called once, at start-up, on the thread creating the beans.
 */
@FunctionalInterface
public interface PikaTemplateCustomizer {

    /**
     * Customizes the template.
     *
     * @param template the template
     */
    void customize(PikaTemplate template);
}
