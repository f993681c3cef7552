#!/bin/sh
# Makes the .deb's maintainer scripts succeed where there is no desktop menu (a headless station, a minimal
# window manager): jpackage's postinst/prerm run xdg-desktop-menu and xdg-mime under 'set -e', which fail
# with "No writable system menu directory found" and leave dpkg unable to configure or remove the package.
# Each xdg-* line is kept (also when wrapped in do_if_file_belongs_to_single_package, as Java 25's jpackage
# writes them), but a failure now prints a note and the script goes on.
#   tolerate-no-desktop.sh DEBIAN-FOLDER
set -eu
dir=$1
for script in postinst prerm; do
  f="$dir/$script"
  [ -f "$f" ] || continue
  awk '
    /^set -e/ && !done {
      print
      print ""
      print "desktop_skipped () {"
      print "  echo \"preflight: $1 failed (no desktop menu on this system?); the menu entry and file types were skipped. Preflight and its command line are installed.\" >&2"
      print "}"
      done = 1
      next
    }
    /^xdg-[a-z-]+ / || /^do_if_file_belongs_to_single_package [^ ]+ xdg-[a-z-]+ / {
      cmd = $0
      gsub(/"/, "", cmd)
      print $0 " || desktop_skipped \"" cmd "\""
      next
    }
    { print }
  ' "$f" > "$f.new"
  chmod 0755 "$f.new"
  mv "$f.new" "$f"
done
