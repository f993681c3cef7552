package dev.preflight.gui.station;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.batch.StationProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The profile editor's fields become the same JSON profile the CLI reads; bad values are named, not saved. */
@ExtendWith(ApplicationExtension.class)
class ProfileDialogFxTest {
    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void fieldsBecomeAProfileThatRoundTrips(FxRobot robot, @TempDir Path dir) throws Exception {
        StationProfile start = new StationProfile();
        start.name = "lot-9";
        start.requiredConfig.put("persistentLogging", com.fasterxml.jackson.databind.node.BooleanNode.FALSE);
        ProfileDialog d = new ProfileDialog(start, null);
        robot.interact(() -> {
            d.name.setText("lot-9");
            d.deviceType.setText("raspberrypi4-64");
            d.osVersion.setText(">=6.0.0 <7");
            d.fleetId.setText("1234567");
            d.ssid.setText("Depot");
            d.required.setText(d.required.getText() + "ntpServers=ntp.example.com\n");
            d.allowed.setText("HOST_OS_LITTER, FAT_DIRTY");
            d.minFree.setText("10");
        });
        ProfileDialog.Built b = d.build();
        assertThat(b.problems()).isEmpty();
        Path file = dir.resolve("lot-9.json");
        b.profile().write(file);
        StationProfile read = StationProfile.read(file);
        assertThat(read.fleetId).isEqualTo(1234567L);
        assertThat(read.requiredConfig.get("persistentLogging").asBoolean()).isFalse();
        assertThat(read.requiredConfig.get("ntpServers").asText()).isEqualTo("ntp.example.com");
        assertThat(read.allowedFindings).containsExactly("HOST_OS_LITTER", "FAT_DIRTY");
        assertThat(Files.readString(file)).contains("\"osVersion\" : \">=6.0.0 <7\"");

        robot.interact(() -> {
            d.osVersion.setText("~6");
            d.allowed.setText("NOT_A_CODE");
            d.fleetId.setText("abc");
            d.required.setText("justakey\n");
        });
        assertThat(d.build().problems()).anySatisfy(p -> assertThat(p).contains("OS version"))
                .anySatisfy(p -> assertThat(p).contains("NOT_A_CODE"))
                .anySatisfy(p -> assertThat(p).contains("fleet id"))
                .anySatisfy(p -> assertThat(p).contains("justakey"));
    }
}
