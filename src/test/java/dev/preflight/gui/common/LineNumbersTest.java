package dev.preflight.gui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineNumbersTest {
    @Test
    void countsLinesAsAnEditorShowsThem() {
        assertThat(LineNumbers.count("")).isEqualTo(1);
        assertThat(LineNumbers.count("arm_64bit=1")).isEqualTo(1);
        assertThat(LineNumbers.count("arm_64bit=1\n")).isEqualTo(1);
        assertThat(LineNumbers.count("a\nb\n\nc")).isEqualTo(4);
        assertThat(LineNumbers.count("a\r\nb\r\n")).isEqualTo(2);
    }

    @Test
    void numbersAreRightAlignedWithSpareLinesForScrolling() {
        assertThat(LineNumbers.numbers(3)).isEqualTo("1\n2\n3\n\n\n");
        String ten = LineNumbers.numbers(10);
        assertThat(ten).startsWith(" 1\n 2\n").contains("\n10\n");
    }
}
