import DigitsModels
import DigitsNN
import DigitsRecognition
import Foundation
import Hummingbird

/// The web side of Digits: the drawing page and a small JSON API over one or more `DigitRecognizer`s.
///
/// - `GET /`: the page (everything it needs is inline; no CDN).
/// - `POST /api/predict`: a PNG or JPEG, its data URL or JSON pixels → digit, probabilities, the 28×28
///   input, and every model's answer when several are served.
/// - `POST /api/read`: the same inputs → the whole number, each digit with its confidence and box.
/// - `GET /api/health`, `GET /api/model` (the first model), `GET /api/models` (all of them).
///
/// Predictions and readings run in an `InferenceQueue`: a bounded number at once, a short line behind
/// them, and 503 with `Retry-After` beyond it.
public enum DigitsServer {
    /// Request bodies above this are refused with 413 before they are read in full.
    public static let maxBodyBytes = 4 * 1024 * 1024

    /// Inferences at once by default: one per core, each on one thread.
    public static let defaultSlots = ProcessInfo.processInfo.activeProcessorCount
    /// Requests that may wait for `slots` inference slots: 4 per slot, and never fewer than 8, so that
    /// a handful of clients (a page, a script) is always answered; beyond them a request gets 503 at once.
    public static func defaultQueueLimit(slots: Int) -> Int { max(8, 4 * slots) }

    /// `recognizers`: one per model, the first the one that reads numbers (helped by `checker`) and
    /// answers at the top level.
    public static func router(
        recognizers: [DigitRecognizer], checker: DigitChecker? = nil,
        queue: InferenceQueue = InferenceQueue(slots: defaultSlots, queueLimit: defaultQueueLimit(slots: defaultSlots))
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: JSONErrorMiddleware())
        precondition(!recognizers.isEmpty, "the server needs a model")
        let models = recognizers.map(ModelInfo.init)
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: DrawingPage.html)))
        }
        router.get("/api/health") { _, _ in jsonResponse(["status": "ok"]) }
        router.get("/api/model") { _, _ in jsonResponse(models[0]) }
        router.get("/api/models") { _, _ in jsonResponse(models) }
        router.post("/api/predict") { request, _ in
            let image = try await PredictionInput.image(of: request)
            let answers = try await inSlot(queue) { try recognizeByEveryModel(image, recognizers) }
            return jsonResponse(PredictionBody(answers, models: models))
        }
        let reader = NumberReader(recognizer: recognizers[0], checker: checker)
        router.post("/api/read") { request, _ in
            let image = try await PredictionInput.image(of: request)
            return jsonResponse(try await inSlot(queue) { try reader.read(image, source: "the image") })
        }
        return router
    }

    public static func application(
        recognizers: [DigitRecognizer], checker: DigitChecker?, queue: InferenceQueue, host: String, port: Int
    ) -> some ApplicationProtocol {
        Application(
            router: router(recognizers: recognizers, checker: checker, queue: queue),
            configuration: .init(address: .hostname(host, port: port), serverName: "digits"))
    }
}

/// `work` in one of the queue's slots: 503 when the queue is full, and 422 for a blank, tiny or
/// texture-only picture, which is the client's input, not a server failure.
func inSlot<Answer: Sendable>(_ queue: InferenceQueue, _ work: @escaping @Sendable () throws -> Answer)
    async throws -> Answer
{
    do {
        guard let answer = try await queue.run(work) else { throw APIError.busy }
        return answer
    } catch let error as RecognitionError {
        throw APIError(status: .unprocessableContent, reason: "\(error)")
    }
}

/// One preprocessing, then every model on its result: the models answer for the same 28×28 input.
func recognizeByEveryModel(_ image: GrayAlphaImage, _ recognizers: [DigitRecognizer]) throws -> [Recognition] {
    let prepared = try MNISTPreprocessor.prepare(image, source: "the image")
    return try recognizers.map { try $0.recognize(prepared: prepared) }
}

/// The `POST /api/predict` answer: the first model's at the top level, as before there were several,
/// and every model's under `models`, in the order they were given.
struct PredictionBody: Encodable {
    let digit: Int
    let confidence: Float
    let probabilities: [Float]
    /// The 28×28 image the models saw, row-major gray levels.
    let input: [UInt8]
    let inputSize = [MNISTPreprocessor.side, MNISTPreprocessor.side]
    let models: [ModelAnswer]

    /// One model's answer. `probabilities` are margins for models without probabilities (SVMs).
    struct ModelAnswer: Encodable {
        let model: String
        let file: String
        let givesProbabilities: Bool
        let digit: Int
        let confidence: Float
        let probabilities: [Float]
    }

    init(_ recognitions: [Recognition], models: [ModelInfo]) {
        digit = recognitions[0].digit
        confidence = recognitions[0].confidence
        probabilities = recognitions[0].probabilities
        input = recognitions[0].input
        self.models = zip(recognitions, models).map { recognition, model in
            ModelAnswer(
                model: model.model, file: model.file, givesProbabilities: model.probabilities,
                digit: recognition.digit, confidence: recognition.confidence,
                probabilities: recognition.probabilities)
        }
    }
}

/// The `GET /api/model` answer (the first model) and each entry of `GET /api/models`: what is
/// answering and how good it is.
struct ModelInfo: Encodable, Sendable {
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
