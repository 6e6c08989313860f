<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: only what the tests need.

namespace TYPO3\CMS\Core\Type;

enum ContextualFeedbackSeverity: int
{
    case NOTICE = -2;
    case INFO = -1;
    case OK = 0;
    case WARNING = 1;
    case ERROR = 2;
}
