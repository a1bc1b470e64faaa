import Foundation
import Hummingbird

/// A request the API refuses: a 4xx status and a reason, sent as `{"error": "..."}`.
public struct APIError: Error {
    public let status: HTTPResponse.Status
    public let reason: String
    /// Seconds after which the client may try again (sent as `Retry-After`), for a 503.
    public var retryAfter: Int? = nil

    static func badRequest(_ reason: String) -> APIError { APIError(status: .badRequest, reason: reason) }

    /// Every inference slot is busy and the queue behind them full.
    static let busy = APIError(
        status: .serviceUnavailable, reason: "the server is busy: every inference slot and its queue are full",
        retryAfter: 1)
}

/// The JSON body of every error response.
struct ErrorBody: Encodable {
    let error: String
}

/// Turns whatever a route throws into a JSON error response: the API's own refusals keep their
/// status, Hummingbird's (unknown route, body too large) theirs; anything else is the server's fault.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            var response = jsonResponse(ErrorBody(error: error.reason), status: error.status)
            if let seconds = error.retryAfter { response.headers[.retryAfter] = String(seconds) }
            return response
        } catch let error as any HTTPResponseError {
            let reason =
                error.status == .contentTooLarge
                ? "the request body is larger than \(DigitsServer.maxBodyBytes) bytes" : error.status.reasonPhrase
            return jsonResponse(ErrorBody(error: reason), status: error.status)
        } catch {
            context.logger.error("request failed: \(error)")
            return jsonResponse(ErrorBody(error: "internal error"), status: .internalServerError)
        }
    }
}

/// `value` as a JSON response.
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
    let data = (try? JSONEncoder().encode(value)) ?? Data(#"{"error":"encoding failed"}"#.utf8)
    return Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}
