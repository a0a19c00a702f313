from tarjama.protos.v1 import translation_pb2 as _translation_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SummaryMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUMMARY_METHOD_UNSPECIFIED: _ClassVar[SummaryMethod]
    SUMMARY_METHOD_EXTRACTIVE: _ClassVar[SummaryMethod]
    SUMMARY_METHOD_ABSTRACTIVE: _ClassVar[SummaryMethod]

class CollectionStage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COLLECTION_STAGE_UNSPECIFIED: _ClassVar[CollectionStage]
    COLLECTION_STAGE_ARTICLE_TRANSLATED: _ClassVar[CollectionStage]
    COLLECTION_STAGE_ARTICLE_SUMMARIZED: _ClassVar[CollectionStage]
    COLLECTION_STAGE_ARTICLE_FAILED: _ClassVar[CollectionStage]
    COLLECTION_STAGE_COLLECTION_DONE: _ClassVar[CollectionStage]
SUMMARY_METHOD_UNSPECIFIED: SummaryMethod
SUMMARY_METHOD_EXTRACTIVE: SummaryMethod
SUMMARY_METHOD_ABSTRACTIVE: SummaryMethod
COLLECTION_STAGE_UNSPECIFIED: CollectionStage
COLLECTION_STAGE_ARTICLE_TRANSLATED: CollectionStage
COLLECTION_STAGE_ARTICLE_SUMMARIZED: CollectionStage
COLLECTION_STAGE_ARTICLE_FAILED: CollectionStage
COLLECTION_STAGE_COLLECTION_DONE: CollectionStage

class SummaryLength(_message.Message):
    __slots__ = ("sentences", "words")
    SENTENCES_FIELD_NUMBER: _ClassVar[int]
    WORDS_FIELD_NUMBER: _ClassVar[int]
    sentences: int
    words: int
    def __init__(self, sentences: _Optional[int] = ..., words: _Optional[int] = ...) -> None: ...

class SentenceRef(_message.Message):
    __slots__ = ("article_index", "sentence_index")
    ARTICLE_INDEX_FIELD_NUMBER: _ClassVar[int]
    SENTENCE_INDEX_FIELD_NUMBER: _ClassVar[int]
    article_index: int
    sentence_index: int
    def __init__(self, article_index: _Optional[int] = ..., sentence_index: _Optional[int] = ...) -> None: ...

class SummarySentence(_message.Message):
    __slots__ = ("text", "sources", "unsupported_numbers")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    UNSUPPORTED_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    text: str
    sources: _containers.RepeatedCompositeFieldContainer[SentenceRef]
    unsupported_numbers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, text: _Optional[str] = ..., sources: _Optional[_Iterable[_Union[SentenceRef, _Mapping]]] = ..., unsupported_numbers: _Optional[_Iterable[str]] = ...) -> None: ...

class Summary(_message.Message):
    __slots__ = ("sentences", "method", "chunks", "model", "notes", "citation_check")
    SENTENCES_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    CHUNKS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CITATION_CHECK_FIELD_NUMBER: _ClassVar[int]
    sentences: _containers.RepeatedCompositeFieldContainer[SummarySentence]
    method: SummaryMethod
    chunks: int
    model: _translation_pb2.ModelRef
    notes: _containers.RepeatedScalarFieldContainer[str]
    citation_check: CitationCheck
    def __init__(self, sentences: _Optional[_Iterable[_Union[SummarySentence, _Mapping]]] = ..., method: _Optional[_Union[SummaryMethod, str]] = ..., chunks: _Optional[int] = ..., model: _Optional[_Union[_translation_pb2.ModelRef, _Mapping]] = ..., notes: _Optional[_Iterable[str]] = ..., citation_check: _Optional[_Union[CitationCheck, _Mapping]] = ...) -> None: ...

class CitationCheck(_message.Message):
    __slots__ = ("path", "checked", "supported", "recited", "dropped", "reasons", "fell_back")
    class ReasonsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    PATH_FIELD_NUMBER: _ClassVar[int]
    CHECKED_FIELD_NUMBER: _ClassVar[int]
    SUPPORTED_FIELD_NUMBER: _ClassVar[int]
    RECITED_FIELD_NUMBER: _ClassVar[int]
    DROPPED_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    FELL_BACK_FIELD_NUMBER: _ClassVar[int]
    path: str
    checked: int
    supported: int
    recited: int
    dropped: int
    reasons: _containers.ScalarMap[str, int]
    fell_back: bool
    def __init__(self, path: _Optional[str] = ..., checked: _Optional[int] = ..., supported: _Optional[int] = ..., recited: _Optional[int] = ..., dropped: _Optional[int] = ..., reasons: _Optional[_Mapping[str, int]] = ..., fell_back: _Optional[bool] = ...) -> None: ...

class SummarizeArticleRequest(_message.Message):
    __slots__ = ("request_id", "article", "method", "length", "translation_options", "translation")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    TRANSLATION_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    TRANSLATION_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    article: _translation_pb2.Article
    method: SummaryMethod
    length: SummaryLength
    translation_options: _translation_pb2.GenerationOptions
    translation: _translation_pb2.TranslateResponse
    def __init__(self, request_id: _Optional[str] = ..., article: _Optional[_Union[_translation_pb2.Article, _Mapping]] = ..., method: _Optional[_Union[SummaryMethod, str]] = ..., length: _Optional[_Union[SummaryLength, _Mapping]] = ..., translation_options: _Optional[_Union[_translation_pb2.GenerationOptions, _Mapping]] = ..., translation: _Optional[_Union[_translation_pb2.TranslateResponse, _Mapping]] = ...) -> None: ...

class SummarizeArticleResponse(_message.Message):
    __slots__ = ("request_id", "translation", "summary")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSLATION_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    translation: _translation_pb2.TranslateResponse
    summary: Summary
    def __init__(self, request_id: _Optional[str] = ..., translation: _Optional[_Union[_translation_pb2.TranslateResponse, _Mapping]] = ..., summary: _Optional[_Union[Summary, _Mapping]] = ...) -> None: ...

class CollectionItem(_message.Message):
    __slots__ = ("article", "translation")
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    TRANSLATION_FIELD_NUMBER: _ClassVar[int]
    article: _translation_pb2.Article
    translation: _translation_pb2.TranslateResponse
    def __init__(self, article: _Optional[_Union[_translation_pb2.Article, _Mapping]] = ..., translation: _Optional[_Union[_translation_pb2.TranslateResponse, _Mapping]] = ...) -> None: ...

class SummarizeCollectionRequest(_message.Message):
    __slots__ = ("request_id", "articles", "method", "article_length", "collection_length", "translation_options", "items", "max_themes")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_LENGTH_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_LENGTH_FIELD_NUMBER: _ClassVar[int]
    TRANSLATION_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    MAX_THEMES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    articles: _containers.RepeatedCompositeFieldContainer[_translation_pb2.Article]
    method: SummaryMethod
    article_length: SummaryLength
    collection_length: SummaryLength
    translation_options: _translation_pb2.GenerationOptions
    items: _containers.RepeatedCompositeFieldContainer[CollectionItem]
    max_themes: int
    def __init__(self, request_id: _Optional[str] = ..., articles: _Optional[_Iterable[_Union[_translation_pb2.Article, _Mapping]]] = ..., method: _Optional[_Union[SummaryMethod, str]] = ..., article_length: _Optional[_Union[SummaryLength, _Mapping]] = ..., collection_length: _Optional[_Union[SummaryLength, _Mapping]] = ..., translation_options: _Optional[_Union[_translation_pb2.GenerationOptions, _Mapping]] = ..., items: _Optional[_Iterable[_Union[CollectionItem, _Mapping]]] = ..., max_themes: _Optional[int] = ...) -> None: ...

class ArticleOutcome(_message.Message):
    __slots__ = ("article_index", "article_id", "translation", "summary", "error")
    ARTICLE_INDEX_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSLATION_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    article_index: int
    article_id: str
    translation: _translation_pb2.TranslateResponse
    summary: Summary
    error: _translation_pb2.ArticleError
    def __init__(self, article_index: _Optional[int] = ..., article_id: _Optional[str] = ..., translation: _Optional[_Union[_translation_pb2.TranslateResponse, _Mapping]] = ..., summary: _Optional[_Union[Summary, _Mapping]] = ..., error: _Optional[_Union[_translation_pb2.ArticleError, _Mapping]] = ...) -> None: ...

class CollectionEvent(_message.Message):
    __slots__ = ("request_id", "stage", "articles_done", "articles_total", "article", "collection_summary", "articles", "synthesis")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_DONE_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    SYNTHESIS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    stage: CollectionStage
    articles_done: int
    articles_total: int
    article: ArticleOutcome
    collection_summary: Summary
    articles: _containers.RepeatedCompositeFieldContainer[ArticleOutcome]
    synthesis: Synthesis
    def __init__(self, request_id: _Optional[str] = ..., stage: _Optional[_Union[CollectionStage, str]] = ..., articles_done: _Optional[int] = ..., articles_total: _Optional[int] = ..., article: _Optional[_Union[ArticleOutcome, _Mapping]] = ..., collection_summary: _Optional[_Union[Summary, _Mapping]] = ..., articles: _Optional[_Iterable[_Union[ArticleOutcome, _Mapping]]] = ..., synthesis: _Optional[_Union[Synthesis, _Mapping]] = ...) -> None: ...

class Theme(_message.Message):
    __slots__ = ("label", "key_phrases", "statement", "sources", "articles")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    KEY_PHRASES_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    label: str
    key_phrases: _containers.RepeatedScalarFieldContainer[str]
    statement: SummarySentence
    sources: _containers.RepeatedCompositeFieldContainer[SentenceRef]
    articles: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, label: _Optional[str] = ..., key_phrases: _Optional[_Iterable[str]] = ..., statement: _Optional[_Union[SummarySentence, _Mapping]] = ..., sources: _Optional[_Iterable[_Union[SentenceRef, _Mapping]]] = ..., articles: _Optional[_Iterable[int]] = ...) -> None: ...

class Figure(_message.Message):
    __slots__ = ("surface", "value", "unit", "scale", "what", "group", "when", "qualifier", "sources", "reported")
    SURFACE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    SCALE_FIELD_NUMBER: _ClassVar[int]
    WHAT_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    WHEN_FIELD_NUMBER: _ClassVar[int]
    QUALIFIER_FIELD_NUMBER: _ClassVar[int]
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    REPORTED_FIELD_NUMBER: _ClassVar[int]
    surface: str
    value: str
    unit: str
    scale: str
    what: str
    group: str
    when: str
    qualifier: str
    sources: _containers.RepeatedCompositeFieldContainer[SentenceRef]
    reported: str
    def __init__(self, surface: _Optional[str] = ..., value: _Optional[str] = ..., unit: _Optional[str] = ..., scale: _Optional[str] = ..., what: _Optional[str] = ..., group: _Optional[str] = ..., when: _Optional[str] = ..., qualifier: _Optional[str] = ..., sources: _Optional[_Iterable[_Union[SentenceRef, _Mapping]]] = ..., reported: _Optional[str] = ...) -> None: ...

class Entity(_message.Message):
    __slots__ = ("name", "kind", "mentions", "articles", "sources")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    mentions: int
    articles: _containers.RepeatedScalarFieldContainer[int]
    sources: _containers.RepeatedCompositeFieldContainer[SentenceRef]
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., mentions: _Optional[int] = ..., articles: _Optional[_Iterable[int]] = ..., sources: _Optional[_Iterable[_Union[SentenceRef, _Mapping]]] = ...) -> None: ...

class DistinctPoint(_message.Message):
    __slots__ = ("article_index", "sentence")
    ARTICLE_INDEX_FIELD_NUMBER: _ClassVar[int]
    SENTENCE_FIELD_NUMBER: _ClassVar[int]
    article_index: int
    sentence: SummarySentence
    def __init__(self, article_index: _Optional[int] = ..., sentence: _Optional[_Union[SummarySentence, _Mapping]] = ...) -> None: ...

class Synthesis(_message.Message):
    __slots__ = ("themes", "figures", "entities", "distinct_points", "notes", "timeline", "article_dates", "progressions", "first_page")
    THEMES_FIELD_NUMBER: _ClassVar[int]
    FIGURES_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    DISTINCT_POINTS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_DATES_FIELD_NUMBER: _ClassVar[int]
    PROGRESSIONS_FIELD_NUMBER: _ClassVar[int]
    FIRST_PAGE_FIELD_NUMBER: _ClassVar[int]
    themes: _containers.RepeatedCompositeFieldContainer[Theme]
    figures: _containers.RepeatedCompositeFieldContainer[Figure]
    entities: _containers.RepeatedCompositeFieldContainer[Entity]
    distinct_points: _containers.RepeatedCompositeFieldContainer[DistinctPoint]
    notes: _containers.RepeatedScalarFieldContainer[str]
    timeline: _containers.RepeatedCompositeFieldContainer[TimelineEvent]
    article_dates: _containers.RepeatedCompositeFieldContainer[ArticleDate]
    progressions: _containers.RepeatedCompositeFieldContainer[Progression]
    first_page: FirstPage
    def __init__(self, themes: _Optional[_Iterable[_Union[Theme, _Mapping]]] = ..., figures: _Optional[_Iterable[_Union[Figure, _Mapping]]] = ..., entities: _Optional[_Iterable[_Union[Entity, _Mapping]]] = ..., distinct_points: _Optional[_Iterable[_Union[DistinctPoint, _Mapping]]] = ..., notes: _Optional[_Iterable[str]] = ..., timeline: _Optional[_Iterable[_Union[TimelineEvent, _Mapping]]] = ..., article_dates: _Optional[_Iterable[_Union[ArticleDate, _Mapping]]] = ..., progressions: _Optional[_Iterable[_Union[Progression, _Mapping]]] = ..., first_page: _Optional[_Union[FirstPage, _Mapping]] = ...) -> None: ...

class Progression(_message.Message):
    __slots__ = ("figures", "label")
    FIGURES_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    figures: _containers.RepeatedScalarFieldContainer[int]
    label: str
    def __init__(self, figures: _Optional[_Iterable[int]] = ..., label: _Optional[str] = ...) -> None: ...

class FirstPage(_message.Message):
    __slots__ = ("themes", "progressions", "figures", "timeline", "words")
    THEMES_FIELD_NUMBER: _ClassVar[int]
    PROGRESSIONS_FIELD_NUMBER: _ClassVar[int]
    FIGURES_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_FIELD_NUMBER: _ClassVar[int]
    WORDS_FIELD_NUMBER: _ClassVar[int]
    themes: _containers.RepeatedScalarFieldContainer[int]
    progressions: _containers.RepeatedCompositeFieldContainer[Progression]
    figures: _containers.RepeatedScalarFieldContainer[int]
    timeline: _containers.RepeatedScalarFieldContainer[int]
    words: int
    def __init__(self, themes: _Optional[_Iterable[int]] = ..., progressions: _Optional[_Iterable[_Union[Progression, _Mapping]]] = ..., figures: _Optional[_Iterable[int]] = ..., timeline: _Optional[_Iterable[int]] = ..., words: _Optional[int] = ...) -> None: ...

class TimelineEvent(_message.Message):
    __slots__ = ("date", "precision", "written", "sentence", "articles", "rank")
    DATE_FIELD_NUMBER: _ClassVar[int]
    PRECISION_FIELD_NUMBER: _ClassVar[int]
    WRITTEN_FIELD_NUMBER: _ClassVar[int]
    SENTENCE_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    date: str
    precision: str
    written: str
    sentence: SummarySentence
    articles: _containers.RepeatedScalarFieldContainer[int]
    rank: int
    def __init__(self, date: _Optional[str] = ..., precision: _Optional[str] = ..., written: _Optional[str] = ..., sentence: _Optional[_Union[SummarySentence, _Mapping]] = ..., articles: _Optional[_Iterable[int]] = ..., rank: _Optional[int] = ...) -> None: ...

class ArticleDate(_message.Message):
    __slots__ = ("article_index", "date")
    ARTICLE_INDEX_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    article_index: int
    date: str
    def __init__(self, article_index: _Optional[int] = ..., date: _Optional[str] = ...) -> None: ...
