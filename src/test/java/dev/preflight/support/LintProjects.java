package dev.preflight.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** balena project folders written for the lint tests of the desktop app. */
public final class LintProjects {
    private LintProjects() {
    }

    /** Two services: app builds from an unpinned Debian (app/Dockerfile:1); web has no memory limit. */
    public static Path unpinned(Path dir) throws IOException {
        Files.writeString(dir.resolve("docker-compose.yml"), "version: '2.1'\nservices:\n  app:\n    build: ./app\n"
                + "    labels:\n      web: 1\n  web:\n    image: nginx\n");
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/Dockerfile"), "FROM debian:bookworm\nCMD [\"sleep\", \"infinity\"]\n");
        return dir;
    }

    /**
     * A kiosk project with the anti-patterns technicians meet: unpinned bases, a firewall that drops
     * everything on the host network, a log file nothing rotates, a supervisor poll without a delay.
     */
    public static Path kiosk(Path dir) throws IOException {
        Files.writeString(dir.resolve("docker-compose.yml"), String.join("\n", "version: '2.1'", "volumes:",
                "  settings:", "services:", "  kiosk:", "    build: ./kiosk", "    network_mode: host",
                "    privileged: true", "    mem_limit: 512m", "    volumes:", "      - settings:/data", "  updater:",
                "    build: ./updater", "    labels:", "      io.balena.features.supervisor-api: '1'", ""));
        Files.createDirectories(dir.resolve("kiosk"));
        Files.writeString(dir.resolve("kiosk/Dockerfile"), String.join("\n",
                "FROM balenalib/raspberrypi4-64-debian:bookworm-run", "RUN install_packages chromium iptables",
                "COPY start.sh /usr/src/app/start.sh", "CMD [\"bash\", \"/usr/src/app/start.sh\"]", ""));
        Files.writeString(dir.resolve("kiosk/start.sh"), String.join("\n", "#!/bin/bash",
                "# only the kiosk's own port from outside", "iptables -P INPUT DROP",
                "iptables -A INPUT -p tcp --dport 8080 -j ACCEPT", "echo \"started $(date)\" >> /var/log/kiosk.log",
                "exec chromium --kiosk http://localhost:8080", ""));
        Files.createDirectories(dir.resolve("updater"));
        Files.writeString(dir.resolve("updater/Dockerfile"), String.join("\n", "FROM python:3.12-slim",
                "RUN pip install requests", "COPY poll.py /poll.py", "CMD [\"python\", \"/poll.py\"]", ""));
        Files.writeString(dir.resolve("updater/poll.py"), String.join("\n", "import os", "import requests", "",
                "while True:",
                "    state = requests.get(os.environ[\"BALENA_SUPERVISOR_ADDRESS\"] + \"/v1/device\").json()",
                "    print(state[\"status\"])", ""));
        return dir;
    }
}
