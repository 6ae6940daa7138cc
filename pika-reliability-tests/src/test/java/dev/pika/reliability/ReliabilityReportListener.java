package dev.pika.reliability;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the {@link ReliabilityReport#shared() shared report}'s table to stdout when the whole test plan has run
 * (registered through {@code META-INF/services}, so it runs once per failsafe JVM after the last fault test).
 *
 * <p>Threading: called by the JUnit launcher on its own thread; the report is thread-safe.
 */
public final class ReliabilityReportListener implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ReliabilityReport.shared().print(System.out);
    }
}
