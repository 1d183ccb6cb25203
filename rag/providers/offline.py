"""Environment that keeps every library off the network; entry points call it before loading models."""

import os

OFFLINE_ENV = {
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime otherwise looks up a telemetry host after ~40 s
    "HF_HUB_OFFLINE": "1",  # tokenizers/huggingface_hub must never try a model hub
    "ANONYMIZED_TELEMETRY": "False",  # chromadb's posthog client
    "TOKENIZERS_PARALLELISM": "false",
}


def enforce_offline_env() -> None:
    """Set the offline variables unless the user set them already."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
