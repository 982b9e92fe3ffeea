"""Models, the store and its migrations.

Nothing here imports Textual or Rich: the CLI and the screens share this layer.
"""
