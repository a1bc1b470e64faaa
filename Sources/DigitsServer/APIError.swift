import Foundation
import Hummingbird

/// A request the API refuses: a 4xx status and a reason, sent as `{"error": "..."}`.
public struct APIError: Error {
    public let status: HTTPResponse.Status
    public let reason: String

    static func badRequest(_ reason: String) -> APIError { APIError(status: .badRequest, reason: reason) }
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
            return jsonResponse(ErrorBody(error: error.reason), status: error.status)
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
