package io.voyagerota.server;

import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.NoUpdate;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutState;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security suite row 19: devices report failures over HTTP to a real server process until the failure guard pauses
 * the rollout; the process is killed with SIGKILL, and the server started again on the same data directory finds
 * the rollout still paused, with its reason and counts, and offers the release to nobody, however often it ticks.
 */
@Tag("security")
class AutoPauseRestartTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aRolloutPausedByFailuresStaysPausedAcrossAKilledProcessAndARestart() throws Exception {
        Path data = dir.resolve("data");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), FailuresUntilPaused.class.getName(),
                data.toString()).redirectErrorStream(true).start();
        String releaseId;
        int failures;
        StringBuilder said = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("paused ")) {
                said.append(line).append('\n');
            }
            assertTrue(line != null, "the rollout never paused: " + said);
            String[] words = line.split(" ");
            releaseId = words[1];
            failures = Integer.parseInt(words[2]);
        } finally {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
        assertEquals(RolloutGuard.defaults().minSample(), failures, "paused as soon as the guard had its sample");

        try (VoyagerServer restarted = TestServers.start(data)) {
            Rollout rollout = restarted.voyager().rollouts().ofRelease(releaseId);
            assertEquals(RolloutState.PAUSED, rollout.state(), "still paused after the restart");
            assertTrue(rollout.pauseReason().orElseThrow().contains("fail"), rollout.pauseReason().orElseThrow());
            assertEquals(failures, restarted.voyager().rollouts().stats(rollout.id()).failures());
            for (int tick = 0; tick < 3; tick++) {
                restarted.voyager().tick();
                UpdateDecision decision = restarted.voyager().check(DeviceCheck.of("fresh-" + tick,
                        TestServers.PRODUCT, TestServers.MODEL, Version.parse("0.1.0")));
                assertEquals(NoUpdate.Reason.NOT_IN_ROLLOUT, assertInstanceOf(NoUpdate.class, decision).reason(),
                        "no offer from the paused rollout");
            }
            assertEquals(RolloutState.PAUSED, restarted.voyager().rollouts().ofRelease(releaseId).state());
        }
    }
}
