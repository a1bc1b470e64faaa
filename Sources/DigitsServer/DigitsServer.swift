import DigitsModels
import DigitsNN
import DigitsRecognition
import Foundation
import Hummingbird

/// The web side of Digits: the drawing page and a small JSON API over one `DigitRecognizer`.
///
/// - `GET /`: the page (everything it needs is inline; no CDN).
/// - `POST /api/predict`: a PNG or JPEG, its data URL or JSON pixels → digit, probabilities, the 28×28 input.
/// - `POST /api/read`: the same inputs → the whole number, each digit with its confidence and box.
/// - `GET /api/health`, `GET /api/model`.
public enum DigitsServer {
    /// Request bodies above this are refused with 413 before they are read in full.
    public static let maxBodyBytes = 4 * 1024 * 1024

    public static func router(recognizer: DigitRecognizer) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: JSONErrorMiddleware())
        let info = ModelInfo(recognizer)
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: DrawingPage.html)))
        }
        router.get("/api/health") { _, _ in jsonResponse(["status": "ok"]) }
        router.get("/api/model") { _, _ in jsonResponse(info) }
        router.post("/api/predict") { request, _ in
            let image = try await PredictionInput.image(of: request)
            return jsonResponse(
                PredictionBody(try refusingUnreadable { try recognizer.recognize(image, source: "the image") }))
        }
        let reader = NumberReader(recognizer: recognizer)
        router.post("/api/read") { request, _ in
            let image = try await PredictionInput.image(of: request)
            return jsonResponse(ReadingBody(try refusingUnreadable { try reader.read(image, source: "the image") }))
        }
        return router
    }

    public static func application(recognizer: DigitRecognizer, host: String, port: Int)
        -> some ApplicationProtocol
    {
        Application(
            router: router(recognizer: recognizer),
            configuration: .init(address: .hostname(host, port: port), serverName: "digits"))
    }
}

/// Blank, tiny or texture-only pictures are the client's input, not a server failure: a 422.
func refusingUnreadable<Answer>(_ work: () throws -> Answer) throws -> Answer {
    do {
        return try work()
    } catch let error as RecognitionError {
        throw APIError(status: .unprocessableContent, reason: "\(error)")
    }
}

/// The `POST /api/read` answer: the shape of `digits read --json` without the file.
struct ReadingBody: Encodable {
    let number: String
    let confidence: Float
    let digits: [DigitReading]

    init(_ reading: NumberReading) {
        number = reading.number
        confidence = reading.confidence
        digits = reading.digits
    }
}

/// The `POST /api/predict` answer.
struct PredictionBody: Encodable {
    let digit: Int
    let confidence: Float
    let probabilities: [Float]
    /// The 28×28 image the model saw, row-major gray levels.
    let input: [UInt8]
    let inputSize = [MNISTPreprocessor.side, MNISTPreprocessor.side]

    init(_ recognition: Recognition) {
        digit = recognition.digit
        confidence = recognition.confidence
        probabilities = recognition.probabilities
        input = recognition.input
    }
}

/// The `GET /api/model` answer: what is answering and how good it is.
struct ModelInfo: Encodable {
    let model: String
    let file: String
    let backend: String
    let probabilities: Bool
    let testAccuracy: Double?
    let architecture: [LayerSummary]?

    init(_ recognizer: DigitRecognizer) {
        model = recognizer.model.name
        file = recognizer.model.path ?? "(not saved)"
        backend = recognizer.backend.name
        probabilities = recognizer.model.givesProbabilities
        testAccuracy = recognizer.model.testAccuracy
        architecture = recognizer.model.architecture
    }
}
