package org.dualsip.connector;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The listening socket: plain TCP, or TLS from the JDK (key store and trust store files). */
final class TlsSockets {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsSockets() {
    }

    static ServerSocket listen(ConnectorSettings s) throws IOException, GeneralSecurityException {
        InetAddress address = InetAddress.getByName(s.address());
        if (!s.tlsEnabled()) {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(address, s.port()), 128);
            return socket;
        }
        SSLServerSocket socket = (SSLServerSocket) context(s).getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.setEnabledProtocols(PROTOCOLS);
        switch (s.clientAuth()) {
            case NEED -> socket.setNeedClientAuth(true);
            case WANT -> socket.setWantClientAuth(true);
            default -> socket.setNeedClientAuth(false);
        }
        socket.bind(new java.net.InetSocketAddress(address, s.port()), 128);
        return socket;
    }

    static SSLContext context(ConnectorSettings s) throws IOException, GeneralSecurityException {
        KeyStore keys = load(s.keystore(), s.keystorePassword(), "tls.keystore");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, s.keystorePassword().toCharArray());
        TrustManager[] trust = null;
        if (!s.truststore().isEmpty()) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(s.truststore(), s.truststorePassword(), "tls.truststore"));
            trust = tmf.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), trust, null);
        return context;
    }

    /** Loads a PKCS12 or JKS file (the JDK detects which); the message names the key on failure. */
    private static KeyStore load(String path, String password, String key) throws IOException, GeneralSecurityException {
        File file = new File(path);
        if (!file.isFile()) {
            throw new IOException(ConnectorSettings.PID + ": '" + key + "': no such file " + path);
        }
        try {
            return KeyStore.getInstance(file, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException(ConnectorSettings.PID + ": '" + key + "': cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
