package dev.preflight.core.provision;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A station in its own process, for SharedLogTest: {@code append LOG KEYS URL N} appends N records and
 * pushes in the background after each, as batch mode does, then waits for the pushes; {@code push LOG KEYS URL}
 * pushes once. The station's name comes from -Dpreflight.station.
 */
public final class PushProcess {
    private PushProcess() {
    }

    public static void main(String[] args) throws Exception {
        ProvisioningLog log = new ProvisioningLog(Path.of(args[1]), Path.of(args[2]));
        SharedLogUrl url = SharedLogUrl.parse(args[3]);
        if (args[0].equals("push")) {
            try (SharedLog shared = SharedLog.open(url)) {
                System.out.println("pushed " + shared.push(log).pushed());
            }
            return;
        }
        try (SharedPusher pusher = new SharedPusher(log, url)) {
            for (int i = 0; i < Integer.parseInt(args[4]); i++) {
                log.append(ProvisioningLogTest.rec(System.getProperty("preflight.station") + "-card-" + i,
                        i % 7 == 0 ? "fail" : "pass"));
                pusher.pushSoon();
            }
            if (!pusher.awaitIdle(Duration.ofMinutes(2)) || pusher.status().error() != null) {
                throw new IllegalStateException("push did not finish: " + pusher.status());
            }
        }
    }
}
