/// Metadata keys every Digits model file carries, so one `evaluate` can tell the models apart.
public enum ModelFileKey {
    /// The kind of model: `neural-network`, `linear-svm`, `random-forest`, …
    public static let model = "digits.model"
    /// JSON description needed to rebuild the model.
    public static let architecture = "digits.architecture"
    /// JSON training state (configuration, epochs done, history) of a run in progress or finished.
    public static let training = "digits.training"
}
