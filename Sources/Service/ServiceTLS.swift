import NIOSSL

/// The service's own TLS (`serve --tls-cert FILE --tls-key FILE`): a certificate chain and its private key, in
/// PEM, read once when the service starts, so that a missing or unreadable file stops it before it listens.
public struct ServiceTLS: Sendable {
    let configuration: TLSConfiguration

    /// `certificateChain`: the server's certificate first, then any intermediates; `privateKey`: its key.
    public init(certificateChain: String, privateKey: String) throws(ServiceError) {
        let chain: [NIOSSLCertificate], key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(certificateChain) } catch {
            throw .badTLS("\(certificateChain) holds no PEM certificate chain that can be read (\(error))")
        }
        guard !chain.isEmpty else { throw .badTLS("\(certificateChain) holds no certificate") }
        do { key = try NIOSSLPrivateKey(file: privateKey, format: .pem) } catch {
            throw .badTLS("\(privateKey) holds no PEM private key that can be read (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do { _ = try NIOSSLContext(configuration: configuration) } catch {
            throw .badTLS("the key in \(privateKey) does not make a TLS context with the certificate in \(certificateChain) (\(error))")
        }
        self.configuration = configuration
    }
}
