from saleor_retention.saleor.documents import all_document_paths, load_document
from saleor_retention.saleor.documents import DOCUMENTS_DIR
from tests.fixtures.fake_saleor import schema_errors


def _name(path) -> str:
    return str(path.relative_to(DOCUMENTS_DIR).with_suffix(""))


def test_every_document_sent_to_saleor_is_valid_against_the_real_schema():
    # given
    paths = all_document_paths()

    # when
    problems = {path.name: schema_errors(load_document(_name(path))) for path in paths}

    # then
    assert len(paths) == 23
    assert problems == {path.name: [] for path in paths}


def test_a_document_outside_the_documents_folder_cannot_be_loaded():
    # given
    name = "../../setup"

    # when / then
    try:
        load_document(name)
    except FileNotFoundError:
        pass
    else:
        raise AssertionError("a path outside graphql/saleor was loaded")


def test_the_fake_saleor_refuses_what_the_real_schema_refuses():
    # given: the document Saleor refused in api/081 (X9)
    document = "subscription { event { ... on CheckoutUpdated { checkout { nope } } } }"

    # when
    problems = schema_errors(document)

    # then
    assert problems == ['Cannot query field \'nope\' on type \'Checkout\'. Did you mean \'note\'?']
