import DigitsCompute
import DigitsData
import Foundation

/// Reads a whole handwritten number from a photo or scan: ink separated from the paper under uneven
/// light, ruled lines and printed boxes removed, the line turned level, specks dropped, the pieces of broken digits joined and touching
/// digits cut, each digit then through the same MNIST-style preprocessing and model as `digits
/// predict`. Where the pieces could be grouped into digits in several ways, the grouping the model
/// is most confident of (weighed by how digit-like each group's shape is, and by the checker's
/// belief that each group is one whole digit) wins.
///
/// One line of digits is assumed: the number on an envelope, a cheque or an exam box.
public struct NumberReader: Sendable {
    public let recognizer: DigitRecognizer
    /// Says how likely each candidate is to be one whole digit rather than two merged or a part of
    /// one (nil: only the recognizer's confidence and the shapes choose).
    public let checker: DigitChecker?

    /// More separate marks than this is text or texture, not a number.
    public static let maximumMarks = 64
    /// More candidate digits than this is texture, not a line of digits. Each is prepared and read,
    /// so this bounds a picture's work (9,567 took 4.1 s here) whatever its ink: bars a pixel or
    /// two high in a 28×30 picture, as the fuzzer draws them, gave 15,553 candidates and took 3.7 s
    /// to read (17–24 s under ASan). Of the 3,450 pictures of the reading sets, those read right give at
    /// most 5,098 (a number enlarged from a small picture), and the most of any is 9,567 (a number
    /// in boxes the reader failed to erase, misread).
    public static let maximumCandidates = 12_000
    /// A level line is left alone below this angle; beyond the largest, the reading is left unturned.
    static let smallestTurn = 0.5 * Double.pi / 180
    static let largestTurn = 20 * Double.pi / 180

    /// Each digit read adds this much log-confidence. Without it the sum of logs (each below 0)
    /// favours fewer, merged digits; with it, splitting must still pay any cut's cost.
    static let digitBonus = 0.1
    /// Preparing fewer stretches than this stays on one thread: waking a second costs about as much
    /// as preparing a few.
    static let stretchesWorthThreads = 16

    public init(recognizer: DigitRecognizer, checker: DigitChecker? = nil) {
        self.recognizer = recognizer
        self.checker = checker
    }

    public func read(_ image: GrayAlphaImage, source: String) throws -> NumberReading {
        try read(image, source: source, recognizingAll: false)
    }

    /// The reading of `image`, every candidate scored as `score` says. Where the checker has
    /// spoken, the recognizer is asked only about the candidates some best reading still needs: a
    /// candidate it has not read scores as if it were sure (its highest possible score), and the
    /// best reading is sought again until every candidate in it has been read. No other reading can
    /// then score higher, so the answer is the one `recognizingAll` (the naive twin, for the tests)
    /// gives, with a fraction of the recognizer's work on touching digits.
    func read(_ image: GrayAlphaImage, source: String, recognizingAll: Bool) throws -> NumberReading {
        let candidates = try Self.candidates(in: image, source: source, threads: recognizer.backend.threads)
        let inputs = candidates.inputs
        // The checker weighs only where there is a choice: a candidate in every reading scores alike in all.
        var wholeness = [Double?](repeating: nil, count: inputs.count)
        if let checker {
            let contested = candidates.contested
            for (i, p) in zip(contested, try checker.wholeness(contested.map { inputs[$0] })) { wholeness[i] = p }
        }
        var recognitions = [Recognition?](repeating: nil, count: inputs.count)
        func recognize(_ indices: [Int]) throws {
            for (i, recognition) in zip(indices, try recognizer.recognize(preparedBatch: indices.map { inputs[$0] })) {
                recognitions[i] = recognition
            }
        }
        try recognize(inputs.indices.filter { recognizingAll || wholeness[$0] == nil })
        while true {
            let chosen = candidates.bestReading(
                scores: inputs.indices.map { score(recognitions[$0], wholeness: wholeness[$0]) })
            let unread = chosen.filter { recognitions[$0] == nil }
            guard unread.isEmpty else {
                try recognize(unread)
                continue
            }
            guard !chosen.isEmpty else { throw RecognitionError.blank(source: source) }
            return NumberReading(
                digits: chosen.map { i in
                    let recognition = recognitions[i]!
                    return DigitReading(
                        digit: recognition.digit, confidence: confidence(recognition),
                        box: image.inFilePixels(candidates.boxes[i]))
                })
        }
    }

    /// A candidate's score, as a log-likelihood: the recognizer's log-confidence, plus the log of the
    /// checker's probability that it is one whole digit. Unread by the recognizer, the highest score
    /// it could have: as if the recognizer were sure.
    private func score(_ recognition: Recognition?, wholeness: Double?) -> Double {
        let logConfidence = recognition.map { log(max(Double(confidence($0)), 1e-6)) } ?? 0
        return logConfidence + Self.digitBonus + (wholeness.map(DigitChecker.logWholeness) ?? 0)
    }

    /// Every candidate digit in `image`: the ink found, cleaned and levelled, the lines found that
    /// may part it, and every stretch between them that could be one digit prepared for a model.
    /// `everySlant` cuts as `DigitSegmenter.everySlant` says, for the checker's training. The
    /// stretches are prepared on up to `threads` threads.
    ///
    /// A big picture is first read shrunk to the working side. Where its writing then comes out
    /// small (a note in a phone photo of a whole desk), the ink found is read again from the input,
    /// cropped round it at a finer scale, enlarged where the input's own writing is small (`focus`).
    public static func candidates(
        in image: GrayAlphaImage, source: String, everySlant: Bool = false, threads: Int = 1
    ) throws -> DigitCandidates {
        let minimum = MNISTPreprocessor.minimumSide
        guard image.width >= minimum, image.height >= minimum else {
            throw RecognitionError.tooSmall(source: source, width: image.width, height: image.height, minimum: minimum)
        }
        let ink = try SegmentedInk(
            image, factor: InkMap.workingFactor(width: image.width, height: image.height), source: source,
            everySlant: everySlant)
        if let focus = focus(ink, image: image) {
            let crop = image.cropped(focus.box)
            // A crop that no longer reads (its ink thinned away, say) leaves the first reading.
            if let focused = try? SegmentedInk(
                crop, factor: focus.factor, enlargement: focus.enlargement, source: source, everySlant: everySlant)
            {
                return try candidates(of: focused, in: crop, source: source, threads: threads)
                    .shifted(x: focus.box[0], y: focus.box[1])
            }
        }
        return try candidates(of: ink, in: image, source: source, threads: threads)
    }

    /// Writing whose lines come out fewer working pixels tall than this (the development set's
    /// smallest), in a picture that was shrunk, is read again at a finer scale. Reading those lines
    /// 64 pixels tall or more instead read the desk set no better (0.867 whole against 0.860: three
    /// numbers gained, two lost) and took the 6-digit timing photo, whose lines come out 40.5 pixels
    /// tall, from 15 to 36 ms. Writing under this height in the input itself is enlarged.
    static let smallestLineHeight = 40.0
    /// Small writing is enlarged at most this many times: lines 10 pixels tall come out 40.
    static let largestEnlargement = 4
    /// Lines under this many pixels tall are not enlarged: no digit is legible that small (MNIST's
    /// are 20), and bars a few pixels high make every piece many line heights wide, with thousands
    /// of candidates, each 16 times the work at 4 times (a 28×30 picture of such bars took 3.2 s
    /// to read enlarged, against 0.16 s).
    static let smallestEnlargedLine = 8.0

    /// The crop of `image` round `ink`'s pieces, a line height wide on each side, and the scale to
    /// read it at: shrunk by the largest factor that keeps lines `smallestLineHeight` tall, and the
    /// crop within the working side; or, where the input's own lines are under that height (a
    /// low-resolution photo or scan: dev's first 150 numbers shrunk 4 times read 0.647 whole against
    /// 0.907, with the cuts and the strokes a pixel or two wide), enlarged the fewest whole times
    /// that make them that tall, within `largestEnlargement` and the working side. Nil where the
    /// ink's own scale is already that one.
    static func focus(_ ink: SegmentedInk, image: GrayAlphaImage) -> (box: [Int], factor: Int, enlargement: Int)? {
        guard let first = ink.segmenter.pieces.first else { return nil }
        let lineHeight = ink.inputLineHeight
        let margin = Int(lineHeight.rounded(.up))
        let box = inputBox(
            ink.segmenter.pieces.dropFirst().reduce(first.box) { $0.union($1.box) }, toInput: ink.toInput,
            image: image)
        let (x0, y0) = (max(0, box[0] - margin), max(0, box[1] - margin))
        let (x1, y1) = (min(image.width, box[0] + box[2] + margin), min(image.height, box[1] + box[3] + margin))
        let finer = max(
            Int(lineHeight / smallestLineHeight), InkMap.workingFactor(width: x1 - x0, height: y1 - y0))
        let enlargement =
            finer > 1 || lineHeight < smallestEnlargedLine
            ? 1
            : min(
                largestEnlargement, Int((smallestLineHeight / lineHeight).rounded(.up)),
                InkMap.workingSide / max(x1 - x0, y1 - y0))
        guard finer < ink.factor || enlargement > ink.enlargement else { return nil }
        return ([x0, y0, x1 - x0, y1 - y0], finer, enlargement)
    }

    /// The candidates of one picture's segmented ink.
    private static func candidates(
        of ink: SegmentedInk, in image: GrayAlphaImage, source: String, threads: Int
    ) throws -> DigitCandidates {
        let segmenter = ink.segmenter
        let stretches = segmenter.stretches(segmenter.pieceCuts())
        guard stretches.count <= maximumCandidates else {
            throw RecognitionError.tooManyCandidates(source: source, count: stretches.count, limit: maximumCandidates)
        }
        var (groups, inputs, boxes, penalties, pixels) = ([Range<Int>](), [[UInt8]](), [[Int]](), [Double](), [[Int]]())
        let prepared = try prepare(stretches, segmenter: segmenter, source: source, threads: threads)
        for (stretch, input) in zip(stretches, prepared) {
            // A sliver too faint to prepare is never a digit; the other groupings remain.
            guard let input else { continue }
            groups.append(stretch.boundaries)
            inputs.append(input)
            boxes.append(inputBox(stretch.box, toInput: ink.toInput, image: image))
            penalties.append(segmenter.shapePenalty(stretch.box) + stretch.endCost)
            pixels.append(stretch.pixels)
        }
        return DigitCandidates(
            inputs: inputs, boxes: boxes, groups: groups, penalties: penalties, pixels: pixels,
            allPixels: segmenter.pieces.flatMap(\.pixels), mapWidth: segmenter.map.width, toInput: ink.toInput)
    }

    /// Each stretch's picture prepared as a model input, or nil for a sliver too faint to prepare.
    /// A touching number gives about 1,200 stretches, and preparing them on one thread took nearly
    /// as long as both networks' passes on two: from `stretchesWorthThreads` on, they are prepared
    /// on up to `threads` threads.
    private static func prepare(
        _ stretches: [InkStretch], segmenter: DigitSegmenter, source: String, threads: Int
    ) throws -> [[UInt8]?] {
        let inked = segmenter.inked()
        let prepared = ConcurrentResults<[UInt8]?>(count: stretches.count)
        parallelChunks(stretches.count, threads: stretches.count >= stretchesWorthThreads ? threads : 1) { range in
            for i in range {
                let picture = segmenter.picture(of: stretches[i], inked: inked)
                prepared.set(i, .success(try? MNISTPreprocessor.prepare(picture, source: source)))
            }
        }
        return try stretches.indices.map { try prepared.get($0) }
    }

    /// The model's confidence in its answer: the probability for models that give probabilities,
    /// the softmax of the margins for those that do not (SVMs).
    private func confidence(_ recognition: Recognition) -> Float {
        if recognizer.model.givesProbabilities { return recognition.confidence }
        let top = recognition.probabilities.max() ?? 0
        let total = recognition.probabilities.reduce(Float(0)) { $0 + exp($1 - top) }
        return 1 / total
    }

    /// A working-map box as the input picture's pixel rectangle `[x, y, width, height]`: its corners
    /// turned back, scaled up and bounded by the picture.
    private static func inputBox(
        _ box: PixelBox, toInput: (Double, Double) -> (Double, Double), image: GrayAlphaImage
    ) -> [Int] {
        let corners = [
            (box.minX, box.minY), (box.maxX + 1, box.minY), (box.minX, box.maxY + 1), (box.maxX + 1, box.maxY + 1),
        ].map { toInput(Double($0.0), Double($0.1)) }
        let x0 = max(0, Int(corners.map(\.0).min()!.rounded(.down)))
        let y0 = max(0, Int(corners.map(\.1).min()!.rounded(.down)))
        let x1 = min(image.width, Int(corners.map(\.0).max()!.rounded(.up)))
        let y1 = min(image.height, Int(corners.map(\.1).max()!.rounded(.up)))
        return [x0, y0, max(1, x1 - x0), max(1, y1 - y0)]
    }
}
