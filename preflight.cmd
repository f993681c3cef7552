@echo off
rem Preflight launcher for Windows: builds the runnable jar on first use, then runs it.
rem No arguments: the desktop app on the bundled demo card. With a command: the CLI.
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%target\preflight.jar"
if not exist "%JAR%" (
  where mvn >nul 2>nul || (echo preflight: Maven ^(mvn^) is needed for the first build; install it and Java 17+. 1>&2 & exit /b 2)
  echo preflight: building ^(first run^)... 1>&2
  pushd "%HERE%" && call mvn -B -q -DskipTests package 1>&2 & popd
  if not exist "%JAR%" (echo preflight: the build failed; see the Maven output above. 1>&2 & exit /b 3)
)
rem verify streams gigabytes and needs the C2 compiler (SHA-256 intrinsics); other commands start faster with C1
set "PF_OPTS=-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
if /i "%~1"=="verify" set "PF_OPTS=-Xmx512m -XX:+UseSerialGC"
rem the desktop app (no argument, "gui", or just a path): parallel GC with a young generation that holds the
rem start-up garbage, so no long collection lands on the first frames (docs/decisions/0010)
set "PF_GUI="
if "%~1"=="" set "PF_GUI=1"
if /i "%~1"=="gui" set "PF_GUI=1"
if not "%~1"=="" if "%~2"=="" if exist "%~1" set "PF_GUI=1"
if defined PF_GUI set "PF_OPTS=-Xmx512m -XX:+UseParallelGC -Xmn200m -XX:TieredStopAtLevel=1"
if "%PREFLIGHT_JAVA_OPTS%"=="" set "PREFLIGHT_JAVA_OPTS=%PF_OPTS%"
java %PREFLIGHT_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
