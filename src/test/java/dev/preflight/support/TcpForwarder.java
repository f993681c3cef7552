package dev.preflight.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP port that forwards to a server and can be taken down and brought back on the same port: the
 * network between a station and its database, for "offline, then back" tests.
 */
public final class TcpForwarder implements AutoCloseable {
    private final String host;
    private final int target;
    private final int port;
    private final List<Socket> open = new ArrayList<>();
    private ServerSocket server;

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
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(b); n >= 0; n = in.read(b)) {
                    out.write(b, 0, n);
                    out.flush();
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

    @Override
    public void close() {
        down();
    }
}
