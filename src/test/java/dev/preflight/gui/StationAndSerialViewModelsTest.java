package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.batch.RemovableCards;
import dev.preflight.core.batch.StationProfile;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.gui.serial.SerialViewModel;
import dev.preflight.gui.station.StationTile;
import dev.preflight.gui.station.StationViewModel;
import dev.preflight.support.Fixtures;
import dev.preflight.support.PtyPair;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Station mode and the serial console without a display, on real images, a real log and a real pty pair. */
class StationAndSerialViewModelsTest {
    @TempDir
    Path dir;

    static RemovableCards.Card card(Path p) {
        return new RemovableCards.Card(p.toString(), 0, "test reader", null, List.of(), List.of());
    }

    @Test
    void cardsAreCheckedAsTheyAppearAndKeepTheirResultWhenPulled() throws Exception {
        Path good = Fixtures.copy("station-good", ImageSpec.raspberryPi(), dir);
        Path wrongType = Fixtures.copy("station-cm4", ImageSpec.raspberryPi().deviceType("raspberrypicm4-ioboard"), dir);
        Path log = dir.resolve("log.jsonl");
        StationViewModel vm = new StationViewModel(Runnable::run, Runnable::run, log);
        vm.cardsNow(List.of(card(good)));
        assertThat(vm.tiles()).singleElement().satisfies(t -> assertThat(t.state.get())
                .isEqualTo(StationTile.State.WAITING));

        StationProfile p = new StationProfile();
        p.name = "lot-42";
        p.deviceType = "raspberrypi4-64";
        Path profile = dir.resolve("lot-42.json");
        p.write(profile);
        assertThat(vm.openProfile(profile)).isTrue();
        assertThat(vm.tiles().get(0).state.get()).isEqualTo(StationTile.State.PASS);

        vm.cardsNow(List.of(card(good), card(wrongType)));
        StationTile second = vm.tiles().get(1);
        assertThat(second.state.get()).isEqualTo(StationTile.State.FAIL);
        assertThat(second.reasons).anySatisfy(r -> assertThat(r).startsWith("PROFILE_MISMATCH"));
        assertThat(vm.passedProperty().get()).isEqualTo(1);
        assertThat(vm.failedProperty().get()).isEqualTo(1);

        vm.cardsNow(List.of(card(wrongType)));
        assertThat(vm.tiles().get(0).state.get()).isEqualTo(StationTile.State.PASS);
        assertThat(vm.tiles().get(0).presence.get()).startsWith("removed");
        vm.clearRemoved();
        assertThat(vm.tiles()).extracting(t -> t.device).containsExactly(wrongType.toString());

        List<ObjectNode> records = new ProvisioningLog(log).read().records();
        assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r.path("batch").asText()).isEqualTo("lot-42"));
        assertThat(records).extracting(r -> r.path("profileResult").asText()).containsExactly("pass", "fail");
    }

    @Test
    void aBrokenProfileIsReportedAndAnUnreadableCardFailsAlone() throws Exception {
        Path log = dir.resolve("log.jsonl");
        StationViewModel vm = new StationViewModel(Runnable::run, Runnable::run, log);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\":\"x\",\"allowedFindings\":[\"NOT_A_CODE\"]}");
        assertThat(vm.openProfile(bad)).isFalse();
        assertThat(vm.messageProperty().get()).contains("NOT_A_CODE");
        Files.writeString(bad, "{\"name\":");
        assertThat(vm.openProfile(bad)).isFalse();
        assertThat(vm.messageProperty().get()).contains("not a usable station profile");
        StationProfile p = new StationProfile();
        p.name = "lot-43";
        vm.useProfile(p, null);
        vm.cardsNow(List.of(card(dir.resolve("vanished.img"))));
        assertThat(vm.tiles().get(0).state.get()).isEqualTo(StationTile.State.FAIL);
        assertThat(vm.tiles().get(0).reasons).anySatisfy(r -> assertThat(r).contains("could not be read"));
    }

    @Test
    void theSerialConsoleStreamsPausesRecognisesAndAttaches() throws Exception {
        ExecutorService worker = Executors.newCachedThreadPool();
        try (PtyPair pty = PtyPair.open(dir)) {
            Path log = dir.resolve("log.jsonl");
            SerialViewModel vm = new SerialViewModel(worker, Runnable::run, log);
            vm.connect(pty.device(), 115200, "8N1");
            assertThat(vm.connectedProperty().get()).isTrue();
            Thread.sleep(500);
            String boot = new String(Files.readAllBytes(Path.of("src/test/resources/bootlogs/failing-card.log")),
                    StandardCharsets.UTF_8);
            String first = boot.substring(0, boot.length() / 2);
            try (OutputStream o = Files.newOutputStream(pty.board())) {
                o.write(first.getBytes(StandardCharsets.UTF_8));
                o.flush();
                StringBuilder shown = new StringBuilder();
                waitFor(() -> shown.append(vm.pump()).length() >= first.replace("\r\n", "\n").length());
                vm.paused.set(true);
                o.write(boot.substring(boot.length() / 2).getBytes(StandardCharsets.UTF_8));
                o.flush();
                waitFor(() -> vm.capture().length == boot.getBytes(StandardCharsets.UTF_8).length);
                assertThat(vm.pump()).isEmpty();
                vm.paused.set(false);
                shown.append(vm.pump());
                assertThat(shown.toString()).isEqualTo(boot.replace("\r\n", "\n").replace('\r', '\n'));
            }
            assertThat(vm.milestones()).extracting(m -> m.name()).contains("kernel");
            assertThat(vm.findings()).isNotEmpty();
            Path saved = dir.resolve("boot.log");
            vm.save(saved);
            assertThat(Files.readString(saved)).isEqualTo(boot);
            Path card = Fixtures.copy("serial-card", ImageSpec.raspberryPi(), dir);
            vm.attach(card.toString());
            waitFor(() -> vm.statusProperty().get().startsWith("Attached") || vm.statusProperty().get()
                    .startsWith("Not attached"));
            assertThat(vm.statusProperty().get()).startsWith("Attached to file:");
            ObjectNode r = new ProvisioningLog(log).read().records().get(0);
            assertThat(r.path("action").asText()).isEqualTo("serial");
            assertThat(r.path("serial").path("savedAs").asText()).isEqualTo(saved.toAbsolutePath().toString());
            assertThat(r.path("bootResult").asText()).isEqualTo("failed");
            assertThat(r.toString()).doesNotContain("EXT4-fs error");
            vm.disconnect();
            waitFor(() -> !vm.connectedProperty().get());
        } finally {
            worker.shutdownNow();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        for (int i = 0; i < 100 && !c.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(c.getAsBoolean()).as("condition reached within 5 s").isTrue();
    }
}
