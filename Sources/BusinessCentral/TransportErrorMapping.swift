import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Maps `URLError` codes to ``HTTPTransportError`` by whether the request can have reached the server.
enum TransportErrorMapping {
    static func map(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        guard let urlError = error as? URLError else {
            return HTTPTransportError.other(String(describing: type(of: error)))
        }
        let reason = "URLError \(urlError.code.rawValue)"
        // On Linux libcurl's certificate failures arrive as code -1 (unknown) with curl's text ("SSL certificate
        // problem: unable to get local issuer certificate"): a failed handshake, so nothing was sent. Keep the text,
        // it is what tells an on-premises operator to install the CA.
        let text = urlError.localizedDescription
        if urlError.code == .unknown, text.hasPrefix("SSL"), text.lowercased().contains("certificate") {
            return HTTPTransportError.cannotConnect("TLS: " + MessageText.truncated(text, to: 200))
        }
        switch urlError.code {
        // Failed before a byte of the request left: safe to resend.
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
             .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
             .clientCertificateRequired, .cannotLoadFromNetwork, .internationalRoamingOff, .dataNotAllowed,
             .callIsActive, .unsupportedURL, .badURL, .appTransportSecurityRequiresSecureConnection:
            return HTTPTransportError.cannotConnect(reason)
        // Conservative: an idle timeout may fire after the server has the whole request.
        case .timedOut:
            return HTTPTransportError.timedOut
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse, .zeroByteResource,
             .cannotDecodeRawData, .cannotDecodeContentData, .dataLengthExceedsMaximum:
            return HTTPTransportError.connectionLost(reason)
        case .cancelled:
            return HTTPTransportError.other("cancelled")
        default:
            return HTTPTransportError.other(reason)
        }
    }
}
