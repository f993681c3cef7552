package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.gui.common.AfterLoad;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AfterLoadTest {
    @Test
    void workWaitsForTheRunningLoadAndIsDroppedWhenItFails() {
        AfterLoad a = new AfterLoad();
        List<String> ran = new ArrayList<>();
        a.run(false, () -> ran.add("never loaded"));
        assertThat(ran).isEmpty();
        a.started();
        a.run(false, () -> ran.add("line 2"));
        assertThat(ran).isEmpty();
        assertThat(a.loading()).isTrue();
        a.finished(true);
        assertThat(ran).containsExactly("line 2");
        a.run(true, () -> ran.add("now"));
        assertThat(ran).containsExactly("line 2", "now");
        a.started();
        a.run(true, () -> ran.add("after a failed read"));
        a.finished(false);
        assertThat(ran).containsExactly("line 2", "now");
        assertThat(a.loading()).isFalse();
    }

    @Test
    void withTwoLoadsRunningTheWorkWaitsForTheLast() {
        AfterLoad a = new AfterLoad();
        List<String> ran = new ArrayList<>();
        a.started();
        a.started();
        a.run(true, () -> ran.add("x"));
        a.finished(true);
        assertThat(ran).isEmpty();
        a.finished(true);
        assertThat(ran).containsExactly("x");
    }
}
