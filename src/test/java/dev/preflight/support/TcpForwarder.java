package dev.preflight.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP port that forwards to a server and can be taken down and brought back on the same port: the
 * network between a station and its database, for "offline, then back" tests. It can also play a server
 * that logs the client in and then goes silent ({@link #silentOnceClientSends}), and a slow network that
 * still makes progress ({@link #paced}).
 */
public final class TcpForwarder implements AutoCloseable {
    private final String host;
    private final int target;
    private final int port;
    private final List<Socket> open = new ArrayList<>();
    private ServerSocket server;
    private volatile byte[] silenceMarker;
    private volatile int paceBytes;
    private volatile long paceMillis;

    public TcpForwarder(String host, int target) throws IOException {
        this.host = host;
        this.target = target;
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = s.getLocalPort();
        s.close();
        up();
    }

    public int port() {
        return port;
    }

    /**
     * From now on, a connection goes silent when its client sends {@code marker} (e.g. the first query
     * naming a table): that message and everything after it, both ways, is dropped while the connection
     * stays open, as with a server that completed the login and then stopped answering.
     */
    public TcpForwarder silentOnceClientSends(String marker) {
        silenceMarker = marker.getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    /** From now on, the server's replies arrive {@code bytes} at a time, {@code millis} apart: slow, but moving. */
    public TcpForwarder paced(int bytes, long millis) {
        paceBytes = bytes;
        paceMillis = millis;
        return this;
    }

    /** Starts forwarding again, on the same port. */
    public synchronized void up() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread t = new Thread(() -> accept(s), "forwarder-accept");
        t.setDaemon(true);
        t.start();
    }

    /** Cuts every connection and refuses new ones. */
    public synchronized void down() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        open.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket in = s.accept();
                Socket out = new Socket(host, target);
                synchronized (this) {
                    open.add(in);
                    open.add(out);
                }
                AtomicBoolean silent = new AtomicBoolean();
                pump(in, out, silent, true);
                pump(out, in, silent, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies one direction; {@code silent} is the connection's, {@code toServer} says which direction this is. */
    private void pump(Socket from, Socket to, AtomicBoolean silent, boolean toServer) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[8192];
            String seen = "";
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(b); n >= 0; n = in.read(b)) {
                    byte[] marker = silenceMarker;
                    if (toServer && marker != null) {
                        // the marker may straddle two reads: keep the end of the last one
                        seen = seen.substring(Math.max(0, seen.length() - marker.length))
                                + new String(b, 0, n, StandardCharsets.ISO_8859_1);
                        if (seen.contains(new String(marker, StandardCharsets.ISO_8859_1))) {
                            silent.set(true);
                        }
                    }
                    if (silent.get()) {
                        continue;
                    }
                    int step = paceBytes;
                    if (toServer || step <= 0) {
                        out.write(b, 0, n);
                        out.flush();
                        continue;
                    }
                    for (int off = 0; off < n; off += step) {
                        out.write(b, off, Math.min(step, n - off));
                        out.flush();
                        pause();
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }, "forwarder-pump");
        t.setDaemon(true);
        t.start();
    }

    private void pause() {
        try {
            Thread.sleep(paceMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        down();
    }
}
