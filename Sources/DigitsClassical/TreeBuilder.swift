import DigitsCompute

/// Grows one CART tree with Gini impurity on byte-valued features.
///
/// Split search needs no sorting: for each candidate feature, the node's samples are counted into a
/// histogram over the 256 levels × classes, with a bit set per level seen, and one sweep over the
/// levels present (only those: a node of 200 samples has a few dozen, not 256) evaluates every
/// threshold, keeping `Σ L_c²` and `Σ R_c²` up to date, exactly in integers, as samples move left.
/// Minimising the children's weighted Gini impurity `n − Σ L_c²/n_L − Σ R_c²/n_R` is maximising
/// `Σ L_c²/n_L + Σ R_c²/n_R`. The threshold kept is halfway between the levels either side of the cut.
/// Candidate features are drawn without replacement, `featuresPerSplit` draws (more while every draw
/// so far was constant), as scikit-learn draws them, except that features found constant in a node
/// are set aside for all its descendants (they stay constant) instead of being redrawn: deep nodes
/// neither rescan MNIST's many blank pixels nor waste draws on them.
struct TreeBuilder {
    /// Feature-major training data: feature `f` of sample `i` at `columns[f·columnStride + i]`.
    let columns: UnsafePointer<UInt8>
    let columnStride: Int
    /// The same data sample-major: sample `i` is `rows[i·featureCount ..< (i+1)·featureCount]`.
    let rows: UnsafePointer<UInt8>
    let labels: UnsafePointer<UInt8>
    let sampleCount: Int
    let featureCount: Int
    let classCount: Int
    let maxDepth: Int
    let minSamplesLeaf: Int
    let featuresPerSplit: Int

    /// A tree grown on a weighted sample, drawing candidate features from `rng`. `weights[i]` is how
    /// many times row `i` is in the sample (a bootstrap draws about 37% of the rows never and some
    /// several times): every count, impurity and minimum is over the weighted sample, exactly as if
    /// each row were listed that many times, but each row present is visited once.
    func grow(weights: [Int32], rng: inout SplitMix64) -> DecisionTree {
        precondition(weights.count == sampleCount, "one weight per training row")
        var tree = DecisionTree(classCount: classCount)
        // In increasing order, kept by a stable partition: each node then reads a pixel column in
        // increasing order, which the prefetcher follows (in shuffled order the split search spent
        // two thirds of its time waiting for those loads).
        let samples = weights.indices.filter { weights[$0] > 0 }.map { Int32($0) }
        let scratch = Scratch(samples: samples, featureCount: featureCount, classCount: classCount)
        defer { scratch.deallocate() }
        weights.withUnsafeBufferPointer { weights in
            let view = SampleView(
                base: columns, featureStride: columnStride, labels: labels, weights: weights.baseAddress!,
                isLocal: false)
            _ = growNode(
                0, samples.count, depth: 0, knownConstants: 0, view: view, tree: &tree, scratch: scratch,
                rng: &rng)
        }
        return tree
    }

    /// Working memory for growing one tree, allocated once and reused by every node.
    private struct Scratch {
        /// The tree's distinct samples, each node's a contiguous range.
        let indices: UnsafeMutablePointer<Int32>
        /// Room for the right-hand samples during a partition.
        let spare: UnsafeMutablePointer<Int32>
        /// Samples per (level, class), `level·classes + class`, in two copies (the second at
        /// `256·classes`); all zero between split searches. Consecutive samples mostly fall in the same
        /// bin (same level, same class: blank pixels of one digit), and each increment then waits for
        /// the previous one's store; alternate samples count into alternate copies, which halves that
        /// chain, and the sweep adds the two.
        let histogram: UnsafeMutablePointer<Int32>
        /// The classes present in the node being split, their counts, and the left side's counts during
        /// a sweep, all indexed by position in that list.
        let nodeClasses: UnsafeMutablePointer<Int>
        let nodeCounts: UnsafeMutablePointer<Int>
        let leftCounts: UnsafeMutablePointer<Int>
        let featureOrder: UnsafeMutableBufferPointer<Int16>
        let localColumns: UnsafeMutablePointer<UInt8>
        let localLabels: UnsafeMutablePointer<UInt8>
        let localWeights: UnsafeMutablePointer<Int32>

        init(samples: [Int32], featureCount: Int, classCount: Int) {
            indices = .allocate(capacity: samples.count)
            indices.initialize(from: samples, count: samples.count)
            spare = .allocate(capacity: samples.count)
            histogram = .allocate(capacity: 2 * 256 * classCount)
            histogram.initialize(repeating: 0, count: 2 * 256 * classCount)
            nodeClasses = .allocate(capacity: classCount)
            nodeCounts = .allocate(capacity: classCount)
            leftCounts = .allocate(capacity: classCount)
            featureOrder = .allocate(capacity: featureCount)
            _ = featureOrder.initialize(from: (0..<featureCount).lazy.map { Int16($0) })
            localColumns = .allocate(capacity: (TreeBuilder.localNodeLimit + 7) / 8 * 8 * featureCount)
            localLabels = .allocate(capacity: TreeBuilder.localNodeLimit)
            localWeights = .allocate(capacity: TreeBuilder.localNodeLimit)
        }

        func deallocate() {
            indices.deallocate()
            spare.deallocate()
            histogram.deallocate()
            nodeClasses.deallocate()
            nodeCounts.deallocate()
            leftCounts.deallocate()
            featureOrder.deallocate()
            localColumns.deallocate()
            localLabels.deallocate()
            localWeights.deallocate()
        }
    }

    /// A node of this many distinct samples or fewer copies its samples' pixels into local columns
    /// (3.2 MB for MNIST), which it and all its descendants read: a feature of a node's samples is then
    /// a few contiguous cache lines.
    /// Above it, the training set's columns are read in sample order; below it, those reads touched a
    /// line per sample over the whole 47 MB and stalled the split search on cache misses. (On MNIST,
    /// 4,096 fitted faster than 2,048 or 8,192.)
    static let localNodeLimit = 4096

    /// Where a node's samples are read: feature `f` of sample `i` at `base[f·featureStride + i]`, either
    /// the training set's columns or a node's local copy of its own, with each sample's label and weight.
    private struct SampleView {
        let base: UnsafePointer<UInt8>
        let featureStride: Int
        let labels: UnsafePointer<UInt8>
        let weights: UnsafePointer<Int32>
        let isLocal: Bool

        @inline(__always) func value(_ sample: Int, _ feature: Int) -> UInt8 {
            base[feature * featureStride + sample]
        }
    }

    private struct Split {
        var feature: Int
        /// Samples whose feature is at most this go left: halfway between the highest level present on
        /// the left and the lowest on the right, rounded down (scikit-learn's midpoint, on integers).
        var threshold: UInt8
        var score: Double
    }

    private func growNode(
        _ lo: Int, _ hi: Int, depth: Int, knownConstants: Int, view parentView: SampleView, tree: inout DecisionTree,
        scratch: Scratch, rng: inout SplitMix64
    ) -> Int {
        let n = hi - lo
        var view = parentView
        if !view.isLocal && n <= Self.localNodeLimit {
            // Copy the node's columns once; this node and its descendants index the copy from here on.
            let stride = (n + 7) & ~7
            transposeRows(
                rows, length: featureCount, selected: scratch.indices + lo, count: n, to: scratch.localColumns,
                stride: stride)
            for j in 0..<n {
                let sample = Int(scratch.indices[lo + j])
                scratch.localLabels[j] = labels[sample]
                scratch.localWeights[j] = view.weights[sample]
                scratch.indices[lo + j] = Int32(j)
            }
            view = SampleView(
                base: scratch.localColumns, featureStride: stride, labels: scratch.localLabels,
                weights: scratch.localWeights, isLocal: true)
        }
        var counts = [Int](repeating: 0, count: classCount)
        for i in lo..<hi {
            let sample = Int(scratch.indices[i])
            counts[Int(view.labels[sample])] += Int(view.weights[sample])
        }
        let total = counts.reduce(0, +)
        guard depth < maxDepth, total >= 2 * minSamplesLeaf, !counts.contains(total),
            case (let split?, let constants) = bestSplit(
                lo, hi, counts: counts, total: total, knownConstants: knownConstants, view: view,
                scratch: scratch, rng: &rng)
        else { return tree.appendLeaf(counts: counts) }
        // Stable partition, samples going left first, each side still in increasing order.
        var (kept, moved) = (lo, 0)
        for i in lo..<hi {
            let sample = scratch.indices[i]
            if view.value(Int(sample), split.feature) <= split.threshold {
                scratch.indices[kept] = sample
                kept += 1
            } else {
                scratch.spare[moved] = sample
                moved += 1
            }
        }
        (scratch.indices + kept).update(from: scratch.spare, count: moved)
        let node = tree.appendSplit(feature: split.feature, threshold: split.threshold)
        let left = growNode(
            lo, kept, depth: depth + 1, knownConstants: constants, view: view,
            tree: &tree, scratch: scratch, rng: &rng)
        let right = growNode(
            kept, hi, depth: depth + 1, knownConstants: constants, view: view,
            tree: &tree, scratch: scratch, rng: &rng)
        tree.setChildren(of: node, left: left, right: right)
        return node
    }

    /// The best split of `indices[lo..<hi]` (weighted class counts `counts`, summing to `total`), and
    /// how many features at the front of the feature order are now known to be constant in this node
    /// (the inherited ones plus those found here).
    private func bestSplit(
        _ lo: Int, _ hi: Int, counts: [Int], total n: Int, knownConstants: Int, view: SampleView, scratch: Scratch,
        rng: inout SplitMix64
    ) -> (Split?, constants: Int) {
        let (classes, histogram, indices, order) = (
            classCount, scratch.histogram, scratch.indices,
            scratch.featureOrder
        )
        var best: Split? = nil
        var (informative, constants, visited) = (0, knownConstants, 0)
        // The sweep and the clearing visit only the classes present: a deep node holds two or three of
        // the ten, and its few samples have few levels, so the per-level work is most of its search.
        let (nodeClasses, nodeCounts, leftCounts) = (scratch.nodeClasses, scratch.nodeCounts, scratch.leftCounts)
        var classesPresent = 0
        for c in 0..<classes where counts[c] > 0 {
            (nodeClasses[classesPresent], nodeCounts[classesPresent]) = (c, counts[c])
            classesPresent += 1
        }
        /// Empties the bins of `level` in both copies.
        @inline(__always) func clear(_ level: Int) {
            let (bin, secondBin) = (histogram + level &* classes, second + level &* classes)
            for a in 0..<classesPresent {
                bin[nodeClasses[a]] = 0
                secondBin[nodeClasses[a]] = 0
            }
        }
        let parentSum = counts.reduce(0) { $0 + $1 * $1 }
        let second = histogram + 256 &* classes
        /// Calls `body` with each level marked in `present` (a bit per level, 4 × 64), in increasing order.
        @inline(__always) func forEachLevel(in present: SIMD4<UInt64>, _ body: (Int) -> Void) {
            for word in 0..<4 {
                var bits = present[word]
                while bits != 0 {
                    body(word &* 64 &+ bits.trailingZeroBitCount)
                    bits &= bits &- 1
                }
            }
        }
        // order: [0, knownConstants) constant in an ancestor · [knownConstants, constants) found constant
        // here · [constants, next) drawn, informative · [next, end) not drawn. Draws skip the features
        // already known to be constant; each other draw counts toward featuresPerSplit, and drawing goes on
        // while every draw so far was constant.
        var next = knownConstants
        while next < featureCount && (visited < featuresPerSplit || informative == 0) {
            visited += 1
            // Partial Fisher–Yates: the next candidate feature, without replacement.
            order.swapAt(next, next + Int(rng.next() % UInt64(featureCount - next)))
            let feature = Int(order[next])
            let column = view.base + feature * view.featureStride
            // Count (level, class) pairs and mark the levels present, in registers (a bit array in memory
            // made every sample wait for the previous one's store); the sweep below visits only those.
            var present = SIMD4<UInt64>()
            let words = SIMD4<UInt64>(0, 1, 2, 3)
            @inline(__always) func count(_ i: Int, into copy: UnsafeMutablePointer<Int32>) {
                let sample = Int(indices[i])
                let level = Int(column[sample])
                copy[level &* classes &+ Int(view.labels[sample])] &+= view.weights[sample]
                let bit = SIMD4<UInt64>(repeating: 1 &<< UInt64(level & 63))
                present |= bit.replacing(with: 0, where: words .!= SIMD4(repeating: UInt64(level &>> 6)))
            }
            var i = lo
            while i &+ 1 < hi {
                count(i, into: histogram)
                count(i &+ 1, into: second)
                i &+= 2
            }
            if i < hi { count(i, into: histogram) }
            var distinct = 0
            for word in 0..<4 { distinct += present[word].nonzeroBitCount }
            if distinct == 1 {
                forEachLevel(in: present, clear)
                order.swapAt(next, constants)
                constants += 1
                next += 1
                continue
            }
            next += 1
            informative += 1
            leftCounts.update(repeating: 0, count: classesPresent)
            // Σ L_c² and Σ R_c², exact in integers, updated as each level's samples move left.
            var (sumLeft, sumRight, nLeft) = (0, parentSum, 0)
            var bestAtPreviousLevel = false
            forEachLevel(in: present) { level in
                if bestAtPreviousLevel {
                    // Halfway to this, the next level present: levels unseen in between go to the nearer side.
                    best!.threshold = UInt8((Int(best!.threshold) + level) / 2)
                    bestAtPreviousLevel = false
                }
                let (bin, secondBin) = (histogram + level &* classes, second + level &* classes)
                for a in 0..<classesPresent {
                    let c = nodeClasses[a]
                    let (k, l) = (Int(bin[c] &+ secondBin[c]), leftCounts[a])
                    sumLeft &+= k &* (2 &* l &+ k)
                    sumRight &+= k &* (k &- 2 &* (nodeCounts[a] &- l))
                    leftCounts[a] = l &+ k
                    nLeft &+= k
                }
                clear(level)
                // The threshold "≤ level"; the last level present leaves the right side empty.
                let nRight = n &- nLeft
                guard nLeft >= minSamplesLeaf, nRight >= minSamplesLeaf else { return }
                let score = Double(sumLeft) / Double(nLeft) + Double(sumRight) / Double(nRight)
                if score > (best?.score ?? -1) {
                    best = Split(feature: feature, threshold: UInt8(level), score: score)
                    bestAtPreviousLevel = true
                }
            }
        }
        return (best, constants)
    }
}
