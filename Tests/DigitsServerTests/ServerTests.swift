import DigitsCompute
import DigitsData
import DigitsModels
import DigitsRecognition
import DigitsReport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DigitsServer

/// Every route of the API in process (Hummingbird's router test framework, no socket): answers,
/// every refusal as a JSON 4xx, and concurrent predictions.
@Suite struct ServerTests {
    static let recognizer = Result {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Models/paper-cnn.safetensors").standardized.path
        return DigitRecognizer(
            model: try ModelRegistry.load(from: path), backend: ComputeBackendKind.blas.makeBackend(threads: 1))
    }
    /// The bundled CNN and linear SVM, as `digits serve` shows them by default.
    static let recognizers = Result {
        let svm = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Models/linear-svm.safetensors").standardized.path
        return [
            try recognizer.get(),
            DigitRecognizer(
                model: try ModelRegistry.load(from: svm), backend: ComputeBackendKind.blas.makeBackend(threads: 1)),
        ]
    }
    static let test = Result { try Dataset.load(from: DatasetLocation.resolve(dataDirectory: nil)).test }

    func withServer(
        queue: InferenceQueue = InferenceQueue(slots: 2, queueLimit: 8),
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = Application(router: DigitsServer.router(recognizers: try Self.recognizers.get(), queue: queue))
        try await app.test(.router) { client in try await body(client) }
    }

    struct Prediction: Decodable {
        struct ModelAnswer: Decodable {
            let model: String
            let givesProbabilities: Bool
            let digit: Int
            let probabilities: [Float]
        }
        let digit: Int
        let probabilities: [Float]
        let input: [Int]
        let models: [ModelAnswer]
    }

    struct ErrorReply: Decodable { let error: String }

    static func png(_ index: Int) throws -> Data {
        try PNGEncoder.grayscale(Array(try test.get().image(index)), width: 28, height: 28)
    }

    @Test func pageHealthAndModel() async throws {
        try await withServer { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let page = String(buffer: response.body)
                #expect(
                    page.contains("<canvas id=\"pad\"") && page.contains("/api/predict") && !page.contains("https://"))
            }
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body) == #"{"status":"ok"}"#)
            }
            try await client.execute(uri: "/api/model", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(
                    response.status == .ok && body.contains("\"model\":\"paper-cnn\"") && body.contains("testAccuracy"))
            }
            try await client.execute(uri: "/api/models", method: .get) { response in
                let models = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(models?.map { $0["model"] as? String } == ["paper-cnn", "linear-svm"])
            }
        }
    }

    /// The same MNIST digit as a raw PNG, a data URL in JSON, a bare data URL and JSON pixels gives one answer.
    @Test func everyInputFormPredicts() async throws {
        let test = try Self.test.get()
        let png = try Self.png(0)
        let dataURL = "data:image/png;base64," + png.base64EncodedString()
        let pixels = "{\"pixels\": [" + test.image(0).map(String.init).joined(separator: ",") + "]}"
        let bodies: [(String, Data)] = [
            ("image/png", png), ("application/json", Data("{\"image\": \"\(dataURL)\"}".utf8)),
            ("text/plain", Data(dataURL.utf8)), ("application/json", Data(pixels.utf8)),
        ]
        try await withServer { client in
            for (type, body) in bodies {
                try await client.execute(
                    uri: "/api/predict", method: .post, headers: [.contentType: type],
                    body: ByteBuffer(bytes: body)
                ) { response in
                    #expect(response.status == .ok, "\(type)")
                    let prediction = try JSONDecoder().decode(Prediction.self, from: Data(buffer: response.body))
                    #expect(prediction.digit == Int(test.labels[0]), "\(type)")
                    #expect(
                        prediction.probabilities.count == 10 && abs(prediction.probabilities.reduce(0, +) - 1) < 1e-4)
                    #expect(prediction.input.count == 784)
                    // Both models answer for the same input, the first also at the top level.
                    #expect(prediction.models.map(\.model) == ["paper-cnn", "linear-svm"])
                    #expect(prediction.models.map(\.givesProbabilities) == [true, false])
                    #expect(prediction.models[0].probabilities == prediction.probabilities)
                    #expect(
                        prediction.models.allSatisfy { $0.digit == Int(test.labels[0]) && $0.probabilities.count == 10 }
                    )
                }
            }
        }
    }

    struct Reading: Decodable {
        struct Digit: Decodable {
            let digit: Int
            let confidence: Float
            let box: [Int]
        }
        let number: String
        let confidence: Float
        let digits: [Digit]
    }

    /// `POST /api/read` reads a photographed number (a JPEG and a PNG fixture, raw and as a data URL).
    @Test func readReturnsTheNumber() async throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../DigitsRecognitionTests/Fixtures")
        let photos: [(String, String, Data)] = [
            ("number-4.png", "image/png", try Data(contentsOf: fixtures.appendingPathComponent("number-4.png"))),
            ("number-5.jpg", "image/jpeg", try Data(contentsOf: fixtures.appendingPathComponent("number-5.jpg"))),
        ]
        let expected = ["number-4.png": "1262831", "number-5.jpg": "29912"]
        try await withServer { client in
            for (name, type, photo) in photos {
                let dataURL = Data(("data:\(type);base64," + photo.base64EncodedString()).utf8)
                for (contentType, body) in [(type, photo), ("text/plain", dataURL)] {
                    try await client.execute(
                        uri: "/api/read", method: .post, headers: [.contentType: contentType],
                        body: ByteBuffer(bytes: body)
                    ) { response in
                        #expect(response.status == .ok, "\(name) as \(contentType)")
                        let reading = try JSONDecoder().decode(Reading.self, from: Data(buffer: response.body))
                        #expect(reading.number == expected[name], "\(name) as \(contentType)")
                        #expect(
                            reading.digits.count == reading.number.count
                                && reading.digits.allSatisfy { $0.box.count == 4 })
                    }
                }
            }
        }
    }

    /// With every slot taken and no room in line, a prediction is refused at once with 503 and
    /// Retry-After; once the slot is free, the same request is answered.
    @Test func fullQueueAnswers503() async throws {
        let queue = InferenceQueue(slots: 1, queueLimit: 0)
        let png = try Self.png(0)
        try await withServer(queue: queue) { client in
            #expect(await queue.enter())
            for route in ["/api/predict", "/api/read"] {
                try await client.execute(uri: route, method: .post, body: ByteBuffer(bytes: png)) { response in
                    #expect(response.status == .serviceUnavailable, "\(route)")
                    #expect(response.headers[.retryAfter] == "1", "\(route)")
                    #expect((try? JSONDecoder().decode(ErrorReply.self, from: Data(buffer: response.body))) != nil)
                }
            }
            await queue.leave()
            try await client.execute(uri: "/api/predict", method: .post, body: ByteBuffer(bytes: png)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func badRequestsGetJSONErrors() async throws {
        var blank = [UInt8](repeating: 255, count: 280 * 280)
        blank[0] = 254
        let cases: [(String, Data, Int)] = [
            ("empty body", Data(), 400),
            ("invalid JSON", Data("{\"pixels\": [1, 2".utf8), 400),
            ("pixel array of the wrong length", Data("{\"pixels\": [0, 255, 0]}".utf8), 400),
            (
                "pixel out of range",
                Data(("{\"pixels\": [" + Array(repeating: "300", count: 784).joined(separator: ",") + "]}").utf8), 400
            ),
            ("text as PNG", Data("hello".utf8), 400),
            ("JSON without an image", Data("{\"digit\": 3}".utf8), 400),
            ("neither a PNG nor a JPEG data URL", Data("{\"image\": \"data:image/gif;base64,AAAA\"}".utf8), 400),
            ("a JPEG data URL of bad bytes", Data("{\"image\": \"data:image/jpeg;base64,/9j/AAAA\"}".utf8), 400),
            // Found by FuzzPredictBody: width × height overflowed Int and trapped the server.
            (
                "a width whose area overflows", Data("{\"pixels\": [0,0, 0, 0], \"width\": 992999999999999999}".utf8),
                400
            ),
            (
                "a size whose area overflows",
                Data("{\"pixels\": [0], \"width\": 4294967296, \"height\": 4294967296}".utf8), 400
            ),
            ("blank canvas", try PNGEncoder.grayscale(blank, width: 280, height: 280), 422),
            ("oversized body", Data(repeating: 0x20, count: DigitsServer.maxBodyBytes + 1), 413),
        ]
        try await withServer { client in
            for route in ["/api/predict", "/api/read"] {
                for (what, body, status) in cases {
                    try await client.execute(uri: route, method: .post, body: ByteBuffer(bytes: body)) { response in
                        #expect(response.status.code == status, "\(route), \(what): \(response.status)")
                        let reply = try? JSONDecoder().decode(ErrorReply.self, from: Data(buffer: response.body))
                        #expect(reply.map { !$0.error.isEmpty } == true, "\(route), \(what): a JSON reason")
                    }
                }
            }
            try await client.execute(uri: "/no/such/route", method: .get) { response in
                #expect(response.status == .notFound)
                #expect((try? JSONDecoder().decode(ErrorReply.self, from: Data(buffer: response.body))) != nil)
            }
        }
    }

    /// A PNG whose header claims 20000×20000 pixels is refused as too large, without decoding it.
    @Test func decompressionBombIsRefused() async throws {
        let bomb = try Data(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../DigitsRecognitionTests/Fixtures/bomb.png").standardized)
        try await withServer { client in
            try await client.execute(
                uri: "/api/predict", method: .post, headers: [.contentType: "image/png"],
                body: ByteBuffer(bytes: bomb)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("20000×20000"))
            }
        }
    }

    /// Many predictions at once give exactly the answers they give one at a time.
    @Test func concurrentPredictionsMatchSequentialOnes() async throws {
        let pngs = try (0..<48).map { try Self.png($0) }
        // A line long enough for every request: none is refused, whatever the scheduling.
        try await withServer(queue: InferenceQueue(slots: 2, queueLimit: pngs.count)) { client in
            func predict(_ png: Data) async throws -> Prediction {
                try await client.execute(
                    uri: "/api/predict", method: .post, headers: [.contentType: "image/png"],
                    body: ByteBuffer(bytes: png)
                ) { response in
                    try JSONDecoder().decode(Prediction.self, from: Data(buffer: response.body))
                }
            }
            var sequential = [Prediction]()
            for png in pngs { sequential.append(try await predict(png)) }
            let concurrent = try await withThrowingTaskGroup(of: (Int, Prediction).self) { group in
                for (index, png) in pngs.enumerated() { group.addTask { (index, try await predict(png)) } }
                var results = [Int: Prediction]()
                for try await (index, prediction) in group { results[index] = prediction }
                return results
            }
            for (index, expected) in sequential.enumerated() {
                #expect(
                    concurrent[index]?.digit == expected.digit
                        && concurrent[index]?.probabilities == expected.probabilities)
            }
        }
    }
}
