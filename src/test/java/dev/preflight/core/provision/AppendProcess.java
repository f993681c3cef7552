package dev.preflight.core.provision;

import java.nio.file.Path;

/** A second (and third) process for SignedLogTest: appends N records named NAME-i to a log. */
public final class AppendProcess {
    private AppendProcess() {
    }

    public static void main(String[] args) throws Exception {
        ProvisioningLog log = new ProvisioningLog(Path.of(args[0]), Path.of(args[1]));
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
            log.append(ProvisioningLogTest.rec(args[2] + "-" + i, "pass"));
        }
    }
}
