@echo off
rem Windows .msi with jpackage (run on Windows with JDK 17+ and the WiX toolset 3.x on PATH; not run in
rem this project's CI, which is Linux). Build the jar on Windows so it carries Windows' JavaFX natives.
rem The CLI launcher 'preflight' gets a console (win-console in cli-launcher.properties). The installer
rem does not change PATH: add the install folder (default C:\Program Files\Preflight) to PATH yourself.
setlocal
cd /d "%~dp0\..\.."
for /f "tokens=3 delims=<>" %%v in ('findstr /r "<version>[0-9]" pom.xml') do if not defined VERSION set VERSION=%%v
call mvn -B -q -DskipTests package || exit /b 1
if exist target\installers rmdir /s /q target\installers
if exist target\jpackage-input rmdir /s /q target\jpackage-input
mkdir target\installers target\jpackage-input
copy target\preflight.jar target\jpackage-input\ >nul
set MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,java.xml,jdk.unsupported,jdk.xml.dom,jdk.jsobject,jdk.crypto.ec,jdk.localedata
jpackage --type msi --dest target\installers --name Preflight --app-version %VERSION% ^
  --input target\jpackage-input --main-jar preflight.jar --main-class dev.preflight.Launcher ^
  --icon installers\windows\preflight.ico --vendor Preflight ^
  --description "Inspect, verify and safely edit balenaOS SD cards and images" ^
  --add-modules %MODULES% --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands" ^
  --java-options "-Xmx512m" --win-menu --win-menu-group Preflight --win-shortcut --win-dir-chooser ^
  --add-launcher preflight=installers\windows\cli-launcher.properties ^
  --file-associations installers\linux\assoc-img.properties ^
  --file-associations installers\linux\assoc-img-gz.properties ^
  --file-associations installers\linux\assoc-img-xz.properties ^
  --file-associations installers\linux\assoc-img-zip.properties || exit /b 1
dir target\installers
