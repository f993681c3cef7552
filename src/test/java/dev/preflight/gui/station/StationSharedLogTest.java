package dev.preflight.gui.station;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.batch.RemovableCards;
import dev.preflight.core.batch.StationProfile;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.SharedPusher;
import dev.preflight.support.Fixtures;
import dev.preflight.support.TcpForwarder;
import dev.preflight.support.FreshDatabaseTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Station mode with a shared log: a tile says "only local so far" until its record is on the server. */
class StationSharedLogTest extends FreshDatabaseTest {
    @Test
    void aTileIsOnlyLocalUntilItsRecordIsPushed() throws Exception {
        Path card = Fixtures.copy("station-shared", ImageSpec.raspberryPi(), dir);
        Path log = dir.resolve("log.jsonl");
        StationProfile p = new StationProfile();
        p.name = "lot-42";
        p.deviceType = "raspberrypi4-64";
        try (TcpForwarder network = new TcpForwarder(db.host(), db.port())) {
            SharedLogUrl url = new SharedLogUrl("127.0.0.1", network.port(), db.database(), db.user(), db.params());
            SharedPusher pusher = new SharedPusher(new ProvisioningLog(log), url);
            StationViewModel vm = new StationViewModel(Runnable::run, Runnable::run, log, pusher);
            assertThat(vm.sharedLogProperty().get()).isEqualTo("Shared log 127.0.0.1:" + network.port() + "/"
                    + db.database() + ": all 0 record(s) there.");
            vm.useProfile(p, null);
            network.down();
            vm.cardsNow(List.of(new RemovableCards.Card(card.toString(), 0, "reader", null, List.of(), List.of())));
            StationTile t = vm.tiles().get(0);
            assertThat(t.state.get()).isEqualTo(StationTile.State.PASS);
            assertThat(pusher.awaitIdle(Duration.ofSeconds(60))).isTrue();
            assertThat(t.shared.get()).isEqualTo("only local so far");
            assertThat(vm.sharedLogProperty().get()).contains("0 of 1 record(s) there, 1 only local so far (last"
                    + " error: The shared log at 127.0.0.1:" + network.port());

            network.up();
            vm.check(card.toString(), "again");
            assertThat(pusher.awaitIdle(Duration.ofSeconds(60))).isTrue();
            assertThat(t.shared.get()).isEqualTo("in the shared log");
            assertThat(vm.sharedLogProperty().get()).endsWith(": all 2 record(s) there.");
            pusher.close();
        }
    }
}
