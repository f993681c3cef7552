package dev.preflight.core.demo;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The files of a balenaOS boot partition as meta-balena and balena-raspberrypi ship them
 * (see balenaos-image-facts §5). Binary files are short deterministic stand-ins.
 */
final class BootFiles {
    private BootFiles() {
    }

    static Map<String, byte[]> forSpec(ImageSpec spec) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        String slug = spec.deviceType;
        f.put(spec.flasher ? "balena-image-flasher" : "balena-image", text("DO NOT REMOVE THIS FILE"));
        f.put("device-type.json", text(deviceTypeJson(slug)));
        if (!spec.flasher) {
            f.put("os-release", text(osRelease(slug, spec.osVersion)));
        }
        f.put("image-version-info", text("balena-image" + (spec.flasher ? "-flasher-" : "-") + slug
                + "-20260301120000\n"));
        f.put("boot.scr", blob("boot.scr", 516));
        f.put("cmdline.txt", text("dwc_otg.lpm_enable=0 console=serial0,115200 rootfstype=ext4 rootwait\n"));
        f.put("config.txt", text(CONFIG_TXT));
        f.put("kernel8.img", blob("kernel8.img", 48 * 1024));
        f.put("start4.elf", blob("start4.elf", 64 * 1024));
        f.put("fixup4.dat", blob("fixup4.dat", 5 * 1024));
        f.put("bcm2711-rpi-4-b.dtb", blob("bcm2711-rpi-4-b.dtb", 12 * 1024));
        f.put("bcm2711-rpi-cm4.dtb", blob("bcm2711-rpi-cm4.dtb", 12 * 1024));
        f.put("extra_uEnv.txt", new byte[0]);
        f.put("overlays/vc4-kms-v3d.dtbo", blob("vc4-kms-v3d.dtbo", 3 * 1024));
        f.put("overlays/disable-bt.dtbo", blob("disable-bt.dtbo", 1024));
        f.put("overlays/i2c-rtc.dtbo", blob("i2c-rtc.dtbo", 2 * 1024));
        f.put("splash/balena-logo.png", blob("balena-logo.png", 2 * 1024));
        f.put("system-connections/balena-sample.ignore", text(SAMPLE_CONNECTION));
        f.put("system-connections/README.ignore", text(
                "Network connection files for NetworkManager.\nIf you wish to enable this connection then remove"
                        + " the .ignore suffix.\n"));
        f.put("system-proxy/README.ignore", text("Proxy configuration for redsocks.\n"));
        f.putAll(spec.extraFiles);
        return f;
    }

    static String defaultConfigJson(ImageSpec spec) {
        return "{\n  \"deviceType\": \"" + spec.deviceType + "\",\n  \"persistentLogging\": false\n}\n";
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] blob(String seed, int size) {
        byte[] b = new byte[size];
        new Random(seed.hashCode()).nextBytes(b);
        return b;
    }

    private static String deviceTypeJson(String slug) {
        return "{\n  \"slug\": \"" + slug + "\",\n  \"version\": 1,\n  \"name\": \"" + slug + "\",\n"
                + "  \"arch\": \"aarch64\",\n  \"state\": \"RELEASED\",\n"
                + "  \"yocto\": {\"machine\": \"" + slug + "\", \"fstype\": \"balenaos-img\"},\n"
                + "  \"configuration\": {\"config\": {\"partition\": {\"primary\": 1}, \"path\": \"/config.json\"}}\n}\n";
    }

    private static String osRelease(String slug, String version) {
        String meta = version.contains("+") ? version.substring(0, version.indexOf('+')) : version;
        return "ID=\"balena-os\"\nNAME=\"balenaOS\"\nVERSION=\"" + version + "\"\nVERSION_ID=\"" + version + "\"\n"
                + "PRETTY_NAME=\"balenaOS " + version + "\"\nMACHINE=\"" + slug + "\"\nMETA_BALENA_VERSION=\"" + meta
                + "\"\nSLUG=\"" + slug + "\"\n";
    }

    static final String CONFIG_TXT = "# For more options and information see\n"
            + "# http://rpf.io/configtxt\n"
            + "\n"
            + "# uncomment if you get no picture on HDMI for a default \"safe\" mode\n"
            + "#hdmi_safe=1\n"
            + "\n"
            + "[pi4]\n"
            + "dtoverlay=vc4-kms-v3d\n"
            + "max_framebuffers=2\n"
            + "\n"
            + "[all]\n"
            + "arm_64bit=1\n"
            + "dtparam=i2c_arm=on\n"
            + "dtparam=spi=on\n"
            + "disable_splash=1\n"
            + "avoid_warnings=1\n"
            + "dtparam=audio=on\n"
            + "[cm4]\n"
            + "otg_mode=1\n";

    static final String SAMPLE_CONNECTION = "[connection]\n"
            + "id=resin-sample\n"
            + "type=wifi\n"
            + "\n"
            + "[wifi]\n"
            + "hidden=true\n"
            + "mode=infrastructure\n"
            + "ssid=My_Wifi_Ssid\n"
            + "\n"
            + "[ipv4]\n"
            + "method=auto\n"
            + "\n"
            + "[ipv6]\n"
            + "addr-gen-mode=stable-privacy\n"
            + "method=auto\n"
            + "\n"
            + "[wifi-security]\n"
            + "auth-alg=open\n"
            + "key-mgmt=wpa-psk\n"
            + "psk=super_secret_wifi_password\n";
}
