package dev.preflight.core.release.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each RELEASE_* heuristic on a small project that triggers it and one that must not. */
class ReleaseLintTest {
    @TempDir
    Path dir;

    static final String PINNED = "FROM balenalib/raspberrypi4-64-debian-python:3.11-bookworm-run-20240115\n";
    static final String SERVICE = "services:\n  app:\n    build: ./app\n    mem_limit: 256m\n"
            + "    volumes:\n      - data:/data\nvolumes:\n  data:\n";

    Path project(String compose, Map<String, String> files) throws IOException {
        Path p = Files.createTempDirectory(dir, "project");
        if (compose != null) {
            Files.writeString(p.resolve("docker-compose.yml"), compose);
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.createDirectories(p.resolve(f.getKey()).getParent());
            Files.writeString(p.resolve(f.getKey()), f.getValue());
        }
        return p;
    }

    List<Finding> lint(String compose, Map<String, String> files) throws IOException {
        return ReleaseLint.lint(Project.load(project(compose, files)));
    }

    List<FindingCode> codes(String compose, Map<String, String> files) throws IOException {
        return lint(compose, files).stream().map(Finding::code).toList();
    }

    Map<String, String> app(String dockerfileRest, String script) {
        return Map.of("app/Dockerfile", PINNED + "COPY start.sh /usr/src/start.sh\n" + dockerfileRest
                + "CMD [\"/usr/src/start.sh\"]\n", "app/start.sh", "#!/bin/sh\n" + script);
    }

    @Test
    void aCleanProjectHasNoFindings() throws IOException {
        assertThat(lint(SERVICE, app("", "echo started\nexec python3 /usr/src/main.py\n"))).isEmpty();
    }

    @Test
    void baseImagesMustBePinnedByDateOrDigest() throws IOException {
        List<Finding> f = lint(SERVICE, Map.of("app/Dockerfile", "FROM balenalib/raspberrypi3-debian-node:8-run\n"));
        assertThat(f).extracting(Finding::code).containsExactly(FindingCode.RELEASE_BASE_IMAGE_UNPINNED);
        assertThat(f.get(0).location()).isEqualTo("app/Dockerfile:1");
        assertThat(codes(SERVICE, Map.of("app/Dockerfile", "FROM debian:bookworm\n"))).contains(
                FindingCode.RELEASE_BASE_IMAGE_UNPINNED);
        assertThat(codes(SERVICE, Map.of("app/Dockerfile", "FROM --platform=linux/arm64 python\n"))).contains(
                FindingCode.RELEASE_BASE_IMAGE_UNPINNED);
        assertThat(codes(SERVICE, Map.of("app/Dockerfile", "FROM debian:bookworm-20250428 AS build\n"
                + "FROM build\nFROM alpine@sha256:" + "a".repeat(64) + "\nFROM scratch\n"))).isEmpty();
    }

    @Test
    void memoryLimitsMustExistAndParse() throws IOException {
        assertThat(codes(SERVICE.replace("    mem_limit: 256m\n", ""), app("", ""))).containsExactly(
                FindingCode.RELEASE_NO_MEMORY_LIMIT);
        List<Finding> f = lint(SERVICE.replace("256m", "1.5g"), app("", ""));
        assertThat(f).singleElement().satisfies(x -> assertThat(x.message()).contains("1.5g"));
        assertThat(codes(SERVICE.replace("256m", "1536M"), app("", ""))).isEmpty();
        assertThat(codes(SERVICE.replace("256m", "268435456"), app("", ""))).isEmpty();
    }

    @Test
    void firewallRulesMatterOnlyWithHostNetworking() throws IOException {
        String rules = "iptables -P OUTPUT DROP\niptables -A OUTPUT -p tcp --dport 8080 -j ACCEPT\n";
        String host = SERVICE.replace("    mem_limit", "    network_mode: host\n    mem_limit");
        List<Finding> f = lint(host, app("", rules));
        assertThat(f).extracting(Finding::code).containsExactly(FindingCode.RELEASE_IPTABLES_HOST_NETWORK);
        assertThat(f.get(0).location()).isEqualTo("app/start.sh:2");
        assertThat(codes(SERVICE.replace("    mem_limit", "    cap_add:\n      - NET_ADMIN\n    mem_limit"),
                app("", rules))).contains(FindingCode.RELEASE_IPTABLES_HOST_NETWORK);
        assertThat(codes(SERVICE, app("", rules))).as("bridge network: only the container's own rules").isEmpty();
        assertThat(codes(host, app("", "iptables -A INPUT -p tcp --dport 80 -j ACCEPT\n"))).isEmpty();
    }

    @Test
    void hostUnitsChangedThroughDbus() throws IOException {
        String dbus = SERVICE.replace("    mem_limit", "    labels:\n      io.balena.features.dbus: '1'\n    mem_limit");
        String stop = "dbus-send --system --dest=org.freedesktop.systemd1 /org/freedesktop/systemd1 "
                + "org.freedesktop.systemd1.Manager.StopUnit string:bluetooth.service string:replace\n";
        assertThat(codes(dbus, app("", stop))).containsExactly(FindingCode.RELEASE_DBUS_HOST_SERVICES);
        assertThat(codes(dbus, app("", "systemctl mask NetworkManager\n"))).containsExactly(
                FindingCode.RELEASE_DBUS_HOST_SERVICES);
        assertThat(codes(SERVICE, app("", stop))).as("without the label it is the container's own systemd").isEmpty();
        assertThat(codes(dbus, app("", "dbus-send --system --print-reply --dest=org.freedesktop.timedate1 "
                + "/org/freedesktop/timedate1 org.freedesktop.DBus.Properties.GetAll string:org.freedesktop.timedate1\n")))
                .isEmpty();
    }

    @Test
    void rebootTriggers() throws IOException {
        assertThat(codes(SERVICE, app("", "curl -X POST \"$BALENA_SUPERVISOR_ADDRESS/v1/reboot?apikey=$BALENA_SUPERVISOR_API_KEY\"\n")))
                .containsExactly(FindingCode.RELEASE_REBOOT_TRIGGER);
        assertThat(codes(SERVICE, app("", "if [ ! -f /data/ok ]; then reboot; fi\n"))).containsExactly(
                FindingCode.RELEASE_REBOOT_TRIGGER);
        assertThat(codes(SERVICE, app("", "echo \"please reboot the device manually\"\n# reboot\n"))).isEmpty();
    }

    @Test
    void supervisorCallsInLoopsNeedADelay() throws IOException {
        String busy = "while true; do\n  curl \"$BALENA_SUPERVISOR_ADDRESS/v1/device?apikey=$KEY\"\ndone\n";
        assertThat(codes(SERVICE, app("", busy))).containsExactly(FindingCode.RELEASE_SUPERVISOR_API_UNTHROTTLED);
        assertThat(codes(SERVICE, Map.of("app/Dockerfile", PINNED, "app/poll.py", "import requests\nwhile True:\n"
                + "    requests.get(SUPERVISOR + '/v2/applications/state')\n"))).containsExactly(
                FindingCode.RELEASE_SUPERVISOR_API_UNTHROTTLED);
        assertThat(codes(SERVICE, app("", busy.replace("done", "  sleep 60\ndone")))).isEmpty();
        assertThat(codes(SERVICE, app("", "curl \"$BALENA_SUPERVISOR_ADDRESS/v1/device\"\n"))).as("once").isEmpty();
    }

    @Test
    void writesOutsideNamedVolumesAndUnrotatedLogs() throws IOException {
        List<Finding> f = lint(SERVICE, app("", "exec myapp --db /var/lib/myapp/state.db >> /var/log/myapp.log 2>&1\n"));
        assertThat(f).extracting(Finding::code).containsExactlyInAnyOrder(FindingCode.RELEASE_CONTAINER_FS_WRITES,
                FindingCode.RELEASE_LOGS_UNROTATED);
        assertThat(codes(SERVICE, Map.of("app/Dockerfile", PINNED, "app/main.py",
                "import sqlite3\ndb = sqlite3.connect('/usr/src/app/data.db')\n"))).containsExactly(
                FindingCode.RELEASE_CONTAINER_FS_WRITES);
        assertThat(codes(SERVICE, app("", "exec myapp >> /data/myapp.log 2>&1\n"))).as("on a volume, but unrotated")
                .containsExactly(FindingCode.RELEASE_LOGS_UNROTATED);
        assertThat(codes(SERVICE, Map.of("app/Dockerfile", PINNED, "app/main.py", "import logging.handlers\n"
                + "h = logging.handlers.RotatingFileHandler('/data/app.log', maxBytes=1000000, backupCount=3)\n")))
                .isEmpty();
        assertThat(codes(SERVICE, app("RUN echo hi > /etc/motd\n", "exec myapp 2>&1 | tee /tmp/last.txt\n")))
                .as("build-time writes, /tmp and stdout").isEmpty();
    }

    @Test
    void connectivityOnlyWhileAContainerRuns() throws IOException {
        assertThat(codes(SERVICE, app("", "modprobe 8188eu\n"))).containsExactly(
                FindingCode.RELEASE_CONNECTIVITY_IN_CONTAINER);
        assertThat(codes(SERVICE, app("", "nmcli device wifi connect Site password \"$PSK\"\n"))).containsExactly(
                FindingCode.RELEASE_CONNECTIVITY_IN_CONTAINER);
        assertThat(codes(SERVICE, app("RUN apt-get install -y kmod\n", "nmcli device status\n"))).isEmpty();
    }

    @Test
    void composeFieldsBalenaDoesNotSupport() throws IOException {
        String bad = SERVICE.replace("    mem_limit", "    logging:\n      driver: json-file\n    memswap_limit: 1g\n"
                + "    mem_limit").replace("      - data:/data\n", "      - data:/data\n      - ./config:/config\n");
        List<Finding> f = lint(bad, app("", ""));
        assertThat(f).extracting(Finding::code).containsOnly(FindingCode.RELEASE_COMPOSE_UNSUPPORTED).hasSize(3);
        assertThat(f).extracting(Finding::location).contains("docker-compose.yml services.app.logging");
        assertThat(codes(SERVICE.replace("    mem_limit", "    tmpfs:\n      - /run\n    restart: always\n    mem_limit"),
                app("", ""))).isEmpty();
    }

    @Test
    void aSingleDockerfileIsOneHostNetworkedService() throws IOException {
        Path p = project(null, Map.of("Dockerfile.template", "FROM balenalib/%%BALENA_MACHINE_NAME%%-debian:bookworm-run\n"
                + "CMD iptables -F && sleep infinity\n"));
        Project proj = Project.load(p);
        assertThat(proj.services()).containsOnlyKeys("main");
        assertThat(ReleaseLint.lint(proj)).extracting(Finding::code).containsExactlyInAnyOrder(
                FindingCode.RELEASE_NO_MEMORY_LIMIT, FindingCode.RELEASE_BASE_IMAGE_UNPINNED,
                FindingCode.RELEASE_IPTABLES_HOST_NETWORK);
        assertThat(Project.load(p.resolve("Dockerfile.template")).services()).containsOnlyKeys("main");
    }

    @Test
    void unreadableProjectsAreUsageErrors() throws IOException {
        assertThatThrownBy(() -> Project.load(dir.resolve("nope"))).isInstanceOf(PreflightException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Project.load(project(null, Map.of("README.md", "hi")))).hasMessageContaining(
                "no docker-compose.yml");
        assertThatThrownBy(() -> Project.load(project("services: [\n", Map.of()))).hasMessageContaining("not valid YAML");
    }
}
